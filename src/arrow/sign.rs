//! Signs a whole array's keys straight into one text of URLs, on every thread at once.
//!
//! The list path hands URLs over in order to the one thread that may make Python strings. An
//! Arrow array needs no Python object per URL, so here no thread hands anything to another:
//! every thread (the caller included) claims chunks of keys in order, signs a chunk into its
//! own small buffer, and copies it to its place in the shared text. A chunk's place is where
//! the chunk before it ends, which that chunk's signer publishes as soon as it knows its own
//! place; the chunks before it were claimed earlier, so the wait is short, and no thread ever
//! waits for a consumer.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::pool::Backoff;

/// Keys per chunk: the unit a thread claims, signs and places in one go.
pub const CHUNK: usize = 256;

/// The keys signed between two calls of the caller's `between` check (Ctrl-C).
pub const CHECK_EVERY: usize = 64 * 1024;

/// How signing stopped early.
#[derive(Debug)]
pub enum Stop<E, B> {
    /// The first failing key in order, and its error.
    Failed(usize, E),
    /// `between` said to stop.
    Between(B),
    /// A helper thread panicked.
    HelperPanicked,
}

/// The signed URLs: `text` holds them back to back, `ends[i]` is where key `i`'s URL ends.
pub struct Signed {
    pub text: Vec<u8>,
    pub ends: Vec<usize>,
}

/// A buffer that threads write into at disjoint places, each place written once.
struct Shared<T> {
    ptr: *mut T,
    capacity: usize,
}

// SAFETY: threads only write through the pointer at disjoint ranges (see `write`).
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T: Copy> Shared<T> {
    fn new(vec: &mut Vec<T>) -> Shared<T> {
        Shared {
            ptr: vec.as_mut_ptr(),
            capacity: vec.capacity(),
        }
    }

    /// # Safety
    /// `at + values.len() <= capacity`, and no other thread writes or reads that range
    /// until every thread is done.
    unsafe fn write(&self, at: usize, values: &[T]) {
        debug_assert!(at + values.len() <= self.capacity);
        unsafe {
            std::ptr::copy_nonoverlapping(values.as_ptr(), self.ptr.add(at), values.len());
        }
    }
}

/// A chunk whose URLs did not fit in the text's capacity, kept for the caller to append.
struct Overflow {
    chunk: usize,
    text: Vec<u8>,
}

struct Work<'a, K, E, S> {
    keys: &'a [K],
    sign: &'a S,
    chunks: usize,
    /// The next chunk to claim.
    claimed: AtomicUsize,
    /// For each chunk, where its URLs end in the text, plus one; 0 until known.
    chunk_ends: Vec<AtomicUsize>,
    text: Shared<u8>,
    ends: Shared<usize>,
    overflow: Mutex<Vec<Overflow>>,
    /// The first failing key so far (`usize::MAX`: none), and its error.
    first_failed: AtomicUsize,
    failure: Mutex<Option<(usize, E)>>,
    /// Set when every thread should stop (a failure the caller reports, a panic).
    stop: AtomicBool,
    helper_panicked: AtomicBool,
}

impl<K, E, S> Work<'_, K, E, S>
where
    S: Fn(&K, &mut String) -> Result<(), E>,
{
    fn claim(&self) -> Option<usize> {
        let chunk = self.claimed.fetch_add(1, Ordering::Relaxed);
        (chunk < self.chunks).then_some(chunk)
    }

    /// Where `chunk` starts in the text, once the chunk before it is placed; `None` if the
    /// work stopped meanwhile.
    fn start_of(&self, chunk: usize) -> Option<usize> {
        if chunk == 0 {
            return Some(0);
        }
        let before = &self.chunk_ends[chunk - 1];
        let mut idle = Backoff::default();
        loop {
            match before.load(Ordering::Acquire) {
                0 if self.stop.load(Ordering::Acquire) => return None,
                0 => idle.wait(),
                end => return Some(end - 1),
            }
        }
    }

    /// Signs `chunk` into `buffer` and places it; `ends` is scratch for its ends.
    fn sign_chunk(&self, chunk: usize, buffer: &mut String, ends: &mut Vec<usize>) {
        buffer.clear();
        ends.clear();
        let first = chunk * CHUNK;
        let keys = &self.keys[first..(first + CHUNK).min(self.keys.len())];
        // Chunks after a failure are not needed: only their place is passed on.
        if first < self.first_failed.load(Ordering::Relaxed) {
            for (i, key) in keys.iter().enumerate() {
                if let Err(e) = (self.sign)(key, buffer) {
                    self.fail(first + i, e);
                    break;
                }
                ends.push(buffer.len());
            }
        }
        let Some(start) = self.start_of(chunk) else {
            return;
        };
        let end = start + buffer.len();
        if ends.len() == keys.len() {
            for end in ends.iter_mut() {
                *end += start;
            }
            if end <= self.text.capacity {
                // SAFETY: the chunk's range of the text starts where the chunk before it
                // ends and is published only now, and its keys' range of `ends` is its own.
                unsafe {
                    self.text.write(start, buffer.as_bytes());
                    self.ends.write(first, ends);
                }
            } else {
                // SAFETY: as above, for the ends.
                unsafe { self.ends.write(first, ends) };
                let text = buffer.as_bytes().to_vec();
                let mut overflow = self.overflow.lock().unwrap_or_else(PoisonError::into_inner);
                overflow.push(Overflow { chunk, text });
            }
        }
        self.chunk_ends[chunk].store(end + 1, Ordering::Release);
    }

    fn fail(&self, index: usize, error: E) {
        let mut failure = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        if failure.as_ref().is_none_or(|(first, _)| index < *first) {
            *failure = Some((index, error));
            self.first_failed.store(index, Ordering::Relaxed);
        }
    }

    /// Starts `helpers` jobs on `scope`'s pool that sign until the work is done or stops.
    fn spawn_helpers<'scope>(&'scope self, scope: &rayon::Scope<'scope>, helpers: usize)
    where
        K: Sync,
        E: Send,
        S: Sync,
    {
        for _ in 0..helpers {
            scope.spawn(move |_| {
                if catch_unwind(AssertUnwindSafe(|| self.help())).is_err() {
                    self.helper_panicked.store(true, Ordering::Release);
                    self.stop.store(true, Ordering::Release);
                }
            });
        }
    }

    /// A helper's whole life: sign chunks until none are left or the work stops.
    fn help(&self) {
        let mut buffer = String::new();
        let mut ends = Vec::with_capacity(CHUNK);
        while !self.stop.load(Ordering::Acquire) {
            let Some(chunk) = self.claim() else { break };
            self.sign_chunk(chunk, &mut buffer, &mut ends);
        }
    }

    /// The caller's part: sign chunks, and run `between` every `CHECK_EVERY` keys claimed.
    fn sign_and_check<B>(&self, between: &mut impl FnMut() -> Result<(), B>) -> Result<(), B> {
        let mut buffer = String::new();
        let mut ends = Vec::with_capacity(CHUNK);
        let mut checked = 0;
        while !self.stop.load(Ordering::Acquire) {
            let Some(chunk) = self.claim() else { break };
            if chunk * CHUNK >= checked + CHECK_EVERY {
                checked = chunk * CHUNK;
                if let Err(e) = between() {
                    // The chunk is claimed: the helpers waiting for its place must stop.
                    self.stop.store(true, Ordering::Release);
                    return Err(e);
                }
            }
            self.sign_chunk(chunk, &mut buffer, &mut ends);
        }
        Ok(())
    }
}

/// Stops the helpers when the caller leaves early (an error, a panic). A caller that leaves
/// because every chunk is claimed must not stop them: a helper may still be waiting for the
/// place of a chunk another helper is signing, and a stop would leave its chunk unplaced.
struct StopUnlessDone<'a> {
    stop: &'a AtomicBool,
    done: bool,
}

impl Drop for StopUnlessDone<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.stop.store(true, Ordering::Release);
        }
    }
}

/// Signs every key with `sign` (which appends one URL to the string) on the calling thread
/// and `helpers` jobs on `pool` (none: the calling thread alone), into one text. `capacity`
/// is what the text is expected to need (more is appended at the end, with a copy); `between`
/// runs on the calling thread first, then every [`CHECK_EVERY`] keys, and once more at the end.
pub fn sign_all<K, E, B, S>(
    keys: &[K],
    helpers: Option<(&rayon::ThreadPool, usize)>,
    capacity: usize,
    sign: &S,
    mut between: impl FnMut() -> Result<(), B>,
) -> Result<Signed, Stop<E, B>>
where
    K: Sync,
    E: Send,
    S: Fn(&K, &mut String) -> Result<(), E> + Sync,
{
    between().map_err(Stop::Between)?;
    let chunks = keys.len().div_ceil(CHUNK);
    // Room not found is no failure: the URLs that do not fit are appended after.
    let mut text = super::spare::take(capacity);
    advise_huge_pages(&mut text);
    let mut ends: Vec<usize> = Vec::with_capacity(keys.len());
    let work = Work {
        keys,
        sign,
        chunks,
        claimed: AtomicUsize::new(0),
        chunk_ends: (0..chunks).map(|_| AtomicUsize::new(0)).collect(),
        text: Shared::new(&mut text),
        ends: Shared::new(&mut ends),
        overflow: Mutex::new(Vec::new()),
        first_failed: AtomicUsize::new(usize::MAX),
        failure: Mutex::new(None),
        stop: AtomicBool::new(false),
        helper_panicked: AtomicBool::new(false),
    };
    let checked = match helpers.filter(|&(_, n)| n > 0 && chunks > 1) {
        None => work.sign_and_check(&mut between),
        Some((pool, n)) => pool.in_place_scope(|scope| {
            work.spawn_helpers(scope, n.min(chunks - 1));
            let mut leaving = StopUnlessDone {
                stop: &work.stop,
                done: false,
            };
            let checked = work.sign_and_check(&mut between);
            leaving.done = checked.is_ok();
            checked
        }),
    };
    checked.map_err(Stop::Between)?;
    // A signal that came during the last interval stops this call too, instead of surfacing
    // only after it returned (after a stream's batch was handed to its consumer).
    between().map_err(Stop::Between)?;
    if work.helper_panicked.load(Ordering::Acquire) {
        return Err(Stop::HelperPanicked);
    }
    if let Some((index, error)) = work
        .failure
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(Stop::Failed(index, error));
    }
    // Every chunk is placed by now; a last chunk without a place would mean a helper left
    // early, and the text's length must never be taken from it.
    let total = match chunks {
        0 => 0,
        _ => work.chunk_ends[chunks - 1]
            .load(Ordering::Acquire)
            .checked_sub(1)
            .ok_or(Stop::HelperPanicked)?,
    };
    let mut overflow = work
        .overflow
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    overflow.sort_unstable_by_key(|o| o.chunk);
    // SAFETY: every chunk was signed and placed (no stop, no failure, no panic), the ones
    // before the first overflow at [0, its start) of the text, which they fill with whole
    // URLs; every key's end is written.
    unsafe {
        text.set_len(total - overflow.iter().map(|o| o.text.len()).sum::<usize>());
        ends.set_len(keys.len());
    }
    for chunk in overflow {
        text.extend_from_slice(&chunk.text);
    }
    debug_assert_eq!(text.len(), total);
    Ok(Signed { text, ends })
}

/// Asks for huge pages under the text (a hint): the URLs of a large array fill hundreds of
/// megabytes of fresh memory, and with 4 KiB pages a page fault per 12 URLs or so costs as
/// much as a tenth of the signing.
#[cfg(target_os = "linux")]
fn advise_huge_pages(text: &mut Vec<u8>) {
    const HUGE_PAGE: usize = 2 << 20;
    let start = text.as_mut_ptr() as usize;
    let (first, last) = (
        start.next_multiple_of(HUGE_PAGE),
        (start + text.capacity()) & !(HUGE_PAGE - 1),
    );
    if last > first {
        // SAFETY: the range lies inside the text's allocation, and the advice changes neither
        // its contents nor its mapping's validity; a refusal leaves ordinary pages.
        unsafe {
            libc::madvise(
                first as *mut libc::c_void,
                last - first,
                libc::MADV_HUGEPAGE,
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_text: &mut Vec<u8>) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::stand_in::{keys, sign};

    fn pool() -> &'static rayon::ThreadPool {
        static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
        POOL.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap()
        })
    }

    fn urls(signed: &Signed) -> Vec<String> {
        let starts = std::iter::once(0).chain(signed.ends.iter().copied());
        let text = std::str::from_utf8(&signed.text).unwrap();
        starts
            .zip(&signed.ends)
            .map(|(start, &end)| text[start..end].trim_end_matches('|').to_owned())
            .collect()
    }

    #[test]
    fn every_key_in_order_for_any_helpers_sizes_and_capacity() {
        let sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 37 * CHUNK + 5];
        for helpers in [0, 1, 3] {
            for n in sizes {
                let keys = keys(n);
                let exact: usize = keys.iter().map(|k| k.len() + 1).sum();
                // Too little room (the overflow path), none, exactly enough, plenty.
                for capacity in [exact / 2, 0, exact, exact * 2] {
                    let signed = sign_all(&keys, Some((pool(), helpers)), capacity, &sign, || {
                        Ok::<_, ()>(())
                    })
                    .unwrap_or_else(|_| panic!("{helpers} helpers, {n} keys"));
                    assert_eq!(
                        urls(&signed),
                        keys,
                        "{helpers} helpers, {n} keys, {capacity}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_failing_key_is_reported_even_when_a_later_one_fails_first() {
        let mut keys = keys(30 * CHUNK);
        for key in &mut keys[3 * CHUNK..4 * CHUNK] {
            key.push_str(&"x".repeat(200));
        }
        let first_bad = 4 * CHUNK + 9;
        for i in [first_bad, 4 * CHUNK + 10, 20 * CHUNK, 29 * CHUNK] {
            keys[i] = format!("!{i}");
        }
        for helpers in [0, 1, 3] {
            match sign_all(&keys, Some((pool(), helpers)), 0, &sign, || Ok::<_, ()>(())) {
                Err(Stop::Failed(index, error)) => {
                    assert_eq!(index, first_bad);
                    assert_eq!(error, format!("bad !{first_bad}"));
                }
                Err(other) => panic!("{helpers} helpers: {other:?}"),
                Ok(_) => panic!("{helpers} helpers: no failure"),
            }
        }
    }

    #[test]
    fn a_panicking_helper_is_an_error_not_a_hang() {
        let mut keys = keys(40 * CHUNK);
        keys[10 * CHUNK] = "panic".into();
        for key in &mut keys[..CHUNK] {
            key.push_str(&"x".repeat(400));
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            sign_all(&keys, Some((pool(), 2)), 0, &sign, || Ok::<_, ()>(()))
        }));
        // A helper panicked (an error) or the caller reached the key first (its own panic).
        match result {
            Ok(Err(Stop::HelperPanicked)) | Err(_) => {}
            Ok(Err(other)) => panic!("{other:?}"),
            Ok(Ok(_)) => panic!("no panic"),
        }
    }

    #[test]
    fn between_runs_every_check_interval_and_stops_everything() {
        let keys = keys(5 * CHECK_EVERY / 2);
        for helpers in [0, 2] {
            let mut calls = 0;
            let signed = sign_all(&keys, Some((pool(), helpers)), 0, &sign, || {
                calls += 1;
                Ok::<_, ()>(())
            });
            assert!(signed.is_ok());
            // Before the first key, once per interval the caller sees claimed, and at the end.
            assert!((2..=4).contains(&calls), "{helpers} helpers: {calls} calls");
            let mut calls = 0;
            let stopped = sign_all(&keys, Some((pool(), helpers)), 0, &sign, || {
                calls += 1;
                if calls == 2 {
                    Err("interrupted")
                } else {
                    Ok(())
                }
            });
            // With helpers, the caller may not claim a chunk past the first interval.
            if helpers == 0 || calls >= 2 {
                assert!(
                    matches!(stopped, Err(Stop::Between("interrupted"))),
                    "{helpers}"
                );
            }
        }
    }
}
