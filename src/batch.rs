//! Batches: one URL per key for keys that share everything else, signed on several threads
//! while the caller takes the results in order.
//!
//! A [`Batch`] works out once, with its first key, what every key shares (operation, serialised
//! request, endpoint plan, signed parts); each key then only renders and signs its path.
//!
//! Turning URLs into Python strings needs the GIL, so only the calling thread can do it, and
//! it costs about half as much as signing. A fixed split (the caller converts one round while
//! the pool signs the next) leaves one side idle whenever their speeds differ, and puts three
//! busy threads on two cores. Here the keys are cut into small chunks that any thread claims
//! in order: helper threads only sign, and the caller, whenever the next chunk it must hand
//! over is not signed yet, signs chunks too instead of waiting. Every core stays busy, with
//! one thread per core. A signed chunk is Arrow's layout for strings: one text of the URLs back
//! to back and the offset where each ends.

use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::client::{
    check_expires_in, check_http_method, find_operation, PresignOptions, Presigner,
};
use crate::error::{CoreError, Result};
use crate::pool::Backoff;
use crate::serialize;
use crate::sign::SignedParts;
use crate::value::{Params, Value};

/// A batch failure: the index of the first failing key (none when the whole call is wrong,
/// e.g. an unknown operation) and the error.
pub type BatchError = (Option<usize>, CoreError);

/// Below this many keys a batch is signed on the calling thread alone: from two chunks on, a
/// helper pays for its wake-up even when the pool was asleep.
const PARALLEL_BATCH_THRESHOLD: usize = 2 * CHUNK;

/// A batch's shared work (see [`Presigner::batch`]).
pub struct Batch<'s> {
    presigner: &'s Presigner,
    client_method: &'s str,
    bucket: &'s str,
    shared: &'s Params,
    options: PresignOptions<'s>,
    /// `None` while the batch is being made.
    parts: Option<SignedParts>,
}

impl Presigner {
    /// One URL per key: `generate_presigned_url(client_method, shared + {Bucket, Key})` for each,
    /// signed in parallel for large batches. The first failing key's index comes with the error.
    pub fn generate_presigned_urls<K: AsRef<str> + Sync>(
        &self,
        client_method: &str,
        bucket: &str,
        keys: &[K],
        shared: &Params,
        options: &PresignOptions<'_>,
    ) -> std::result::Result<Vec<String>, BatchError> {
        let Some(first) = keys.first() else {
            return Ok(Vec::new());
        };
        let batch = self.batch(client_method, bucket, first.as_ref(), shared, options)?;
        let mut urls = Vec::with_capacity(keys.len());
        batch.sign_in_order(
            keys,
            |url| {
                urls.push(url.to_owned());
                ControlFlow::Continue(())
            },
            |sign| sign(),
        )?;
        Ok(urls)
    }

    /// Everything a batch shares, worked out once with its first key: the operation, the
    /// serialised request and endpoint, and the signed parts; each key then only re-renders
    /// the path (`SignedParts::append_key`), or takes the full path when the operation has
    /// other labels or SigV2 signs another resource.
    pub fn batch<'s>(
        &'s self,
        client_method: &'s str,
        bucket: &'s str,
        first_key: &str,
        shared: &'s Params,
        options: &PresignOptions<'s>,
    ) -> std::result::Result<Batch<'s>, BatchError> {
        check_expires_in(options.expires_in).map_err(|e| (None, e))?;
        let http_method = options
            .http_method
            .map(check_http_method)
            .transpose()
            .map_err(|e| (None, e))?;
        let op = find_operation(client_method).map_err(|e| (None, e))?;
        let batch = |parts| Batch {
            presigner: self,
            client_method,
            bucket,
            shared,
            options: *options,
            parts,
        };
        let mut params = batch(None).params_for(first_key);
        serialize::apply_param_handlers(op, &mut params).map_err(|e| (Some(0), e))?;
        let template = serialize::serialize(op, &params).map_err(|e| (Some(0), e))?;
        let plan = self
            .plan(op, &params, Some(bucket))
            .map_err(|e| (Some(0), e))?;
        let method = http_method.as_deref();
        let parts = self
            .prepare_parts(op, &plan, &template, Some(bucket), method, options)
            .map_err(|e| (Some(0), e))?;
        Ok(batch(Some(parts)))
    }
}

impl Batch<'_> {
    fn params_for(&self, key: &str) -> Params {
        let mut params = Vec::with_capacity(self.shared.len() + 2);
        params.push(("Bucket".to_owned(), Value::Str(self.bucket.to_owned())));
        params.push(("Key".to_owned(), Value::Str(key.to_owned())));
        params.extend(
            self.shared
                .iter()
                .filter(|(k, _)| k != "Bucket" && k != "Key")
                .cloned(),
        );
        params
    }

    /// Signs `keys` on this thread and, for large batches, on the other threads of this
    /// process's pool, handing each URL to `take` in key order on this thread (see
    /// [`sign_in_order`], which also says what `unlocked` is for). `take` may stop the batch
    /// (Ctrl-C): the helpers then stop too, and the call returns at once. On failure, the
    /// index of the first failing key.
    pub fn sign_in_order<K: AsRef<str> + Sync>(
        &self,
        keys: &[K],
        mut take: impl FnMut(&str) -> ControlFlow<()>,
        unlocked: impl FnMut(&mut (dyn FnMut() + Send)),
    ) -> std::result::Result<(), BatchError> {
        self.sign_chunks_until(
            keys,
            |text, ends| {
                let starts = std::iter::once(0).chain(ends.iter().copied());
                for (start, &end) in starts.zip(ends) {
                    take(&text[start..end])?;
                }
                ControlFlow::Continue(())
            },
            unlocked,
        )
    }

    /// [`Self::sign_in_order`], handing over whole chunks of URLs in Arrow's layout: `text`
    /// holds the chunk's URLs back to back, `ends[i]` is where URL `i` of the chunk ends.
    pub fn sign_chunks_in_order<K: AsRef<str> + Sync>(
        &self,
        keys: &[K],
        mut take_chunk: impl FnMut(&str, &[usize]),
        unlocked: impl FnMut(&mut (dyn FnMut() + Send)),
    ) -> std::result::Result<(), BatchError> {
        self.sign_chunks_until(
            keys,
            |text, ends| {
                take_chunk(text, ends);
                ControlFlow::Continue(())
            },
            unlocked,
        )
    }

    /// [`Self::sign_chunks_in_order`], where `take_chunk` may stop the batch.
    fn sign_chunks_until<K: AsRef<str> + Sync>(
        &self,
        keys: &[K],
        take_chunk: impl FnMut(&str, &[usize]) -> ControlFlow<()>,
        unlocked: impl FnMut(&mut (dyn FnMut() + Send)),
    ) -> std::result::Result<(), BatchError> {
        // Inside a rayon pool (a caller already running on one), this thread's waits for
        // helpers could hold up the very work they wait for: sign alone there.
        let in_pool = rayon::current_thread_index().is_some();
        let helpers = if keys.len() >= PARALLEL_BATCH_THRESHOLD && !in_pool {
            crate::pool::pool().map(|pool| (pool, pool.current_num_threads().saturating_sub(1)))
        } else {
            None
        };
        let sign = |key: &K, out: &mut String| self.sign_into(key.as_ref(), out);
        sign_in_order(keys, helpers, &sign, take_chunk, unlocked).map_err(|stopped| match stopped {
            Stopped::Failed(index, error) => (Some(index), error),
            Stopped::HelperPanicked => (
                None,
                CoreError::Unsupported("a batch signing thread panicked".into()),
            ),
        })
    }

    /// Appends the URL for `key` to `out`.
    pub(crate) fn sign_into(&self, key: &str, out: &mut String) -> Result<()> {
        let start = out.len();
        match self
            .parts
            .as_ref()
            .and_then(|parts| parts.append_key(key, out, start))
        {
            Some(result) => result,
            None => {
                let url = self.presigner.generate_presigned_url(
                    self.client_method,
                    self.params_for(key),
                    &self.options,
                )?;
                out.push_str(&url);
                Ok(())
            }
        }
    }
}

/// Keys per chunk: the unit a thread claims and signs in one go.
pub const CHUNK: usize = 128;

/// Chunks signed ahead of the caller at most, which bounds the buffers of a batch of any size.
const CHUNKS_AHEAD: usize = 16;

/// How a batch stopped early.
#[derive(Debug)]
pub enum Stopped<E> {
    /// The first failing key in order, and its error.
    Failed(usize, E),
    /// A helper thread panicked.
    HelperPanicked,
}

/// One chunk's URLs written back to back, with where each ends.
struct Slot<E> {
    /// The index + 1 of the chunk signed into this slot, 0 before the first.
    signed: AtomicUsize,
    urls: Mutex<Urls<E>>,
}

struct Urls<E> {
    text: String,
    ends: Vec<usize>,
    failed: Option<(usize, E)>,
}

impl<E> Default for Urls<E> {
    fn default() -> Self {
        Urls {
            text: String::new(),
            ends: Vec::new(),
            failed: None,
        }
    }
}

struct Shared<'a, K, E, S> {
    keys: &'a [K],
    sign: &'a S,
    chunks: usize,
    slots: Vec<Slot<E>>,
    /// The next chunk to claim.
    claimed: AtomicUsize,
    /// Chunks the caller has taken; their slots may be reused.
    taken: AtomicUsize,
    /// Set when the caller stops taking (finished, failed or panicked).
    stop: AtomicBool,
    helper_panicked: AtomicBool,
    helpers_done: AtomicUsize,
}

impl<K, E, S> Shared<'_, K, E, S>
where
    S: Fn(&K, &mut String) -> Result<(), E>,
{
    /// Claims the next chunk if it is below `limit`.
    fn claim(&self, limit: usize) -> Option<usize> {
        let limit = limit.min(self.chunks);
        let mut next = self.claimed.load(Ordering::Relaxed);
        while next < limit {
            match self.claimed.compare_exchange_weak(
                next,
                next + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(next),
                Err(now) => next = now,
            }
        }
        None
    }

    fn sign_chunk(&self, chunk: usize) {
        let slot = &self.slots[chunk % CHUNKS_AHEAD];
        {
            let mut urls = slot.urls.lock().unwrap_or_else(PoisonError::into_inner);
            let urls = &mut *urls;
            urls.text.clear();
            urls.ends.clear();
            urls.failed = None;
            let start = chunk * CHUNK;
            let end = (start + CHUNK).min(self.keys.len());
            for (i, key) in self.keys[start..end].iter().enumerate() {
                if let Err(e) = (self.sign)(key, &mut urls.text) {
                    urls.failed = Some((start + i, e));
                    break;
                }
                urls.ends.push(urls.text.len());
            }
        }
        slot.signed.store(chunk + 1, Ordering::Release);
    }

    /// A helper's whole life: sign chunks until none are left or the caller stops.
    fn help(&self) {
        let mut idle = Backoff::default();
        while !self.stop.load(Ordering::Acquire) {
            let ahead = self.taken.load(Ordering::Acquire) + CHUNKS_AHEAD;
            match self.claim(ahead) {
                Some(chunk) => {
                    self.sign_chunk(chunk);
                    idle = Backoff::default();
                }
                None if self.claimed.load(Ordering::Relaxed) >= self.chunks => break,
                // The caller is behind by a full ring.
                None => idle.wait(),
            }
        }
    }

    /// Signs chunks until `chunk` is signed; false if a helper died.
    fn sign_until(&self, chunk: usize) -> bool {
        let slot = &self.slots[chunk % CHUNKS_AHEAD];
        let mut idle = Backoff::default();
        while slot.signed.load(Ordering::Acquire) != chunk + 1 {
            if self.helper_panicked.load(Ordering::Acquire) {
                return false;
            }
            match self.claim(chunk + CHUNKS_AHEAD) {
                Some(other) => self.sign_chunk(other),
                None => idle.wait(),
            }
        }
        true
    }
}

/// Stops the helpers when the caller leaves, however it leaves.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// Signs every key with `sign` (which appends one URL to the string) on the calling thread and
/// `helpers` (a count of jobs on a pool), and hands the URLs to `take_chunk` chunk by chunk, in
/// key order, on the calling thread, until it breaks. The calling thread signs and waits only
/// inside `unlocked`, so a caller holding a lock that signing does not need (the GIL) can
/// release it there. At least every `CHUNKS_AHEAD` chunks the caller goes through `unlocked`,
/// even when helpers keep ahead.
fn sign_in_order<K, E, S>(
    keys: &[K],
    helpers: Option<(&rayon::ThreadPool, usize)>,
    sign: &S,
    mut take_chunk: impl FnMut(&str, &[usize]) -> ControlFlow<()>,
    mut unlocked: impl FnMut(&mut (dyn FnMut() + Send)),
) -> Result<(), Stopped<E>>
where
    K: Sync,
    E: Send,
    S: Fn(&K, &mut String) -> Result<(), E> + Sync,
{
    let chunks = keys.len().div_ceil(CHUNK);
    let shared = Shared {
        keys,
        sign,
        chunks,
        slots: (0..CHUNKS_AHEAD.min(chunks))
            .map(|_| Slot {
                signed: AtomicUsize::new(0),
                urls: Mutex::new(Urls::default()),
            })
            .collect(),
        claimed: AtomicUsize::new(0),
        taken: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        helper_panicked: AtomicBool::new(false),
        helpers_done: AtomicUsize::new(0),
    };
    let Some((pool, helpers)) = helpers.filter(|_| chunks > 1) else {
        let _stop = StopOnDrop(&shared.stop);
        return take_in_order(&shared, &mut take_chunk, &mut unlocked);
    };
    let helpers = helpers.min(chunks - 1);
    pool.in_place_scope(|scope| {
        let shared = &shared;
        for _ in 0..helpers {
            scope.spawn(move |_| {
                if catch_unwind(AssertUnwindSafe(|| shared.help())).is_err() {
                    shared.helper_panicked.store(true, Ordering::Release);
                }
                shared.helpers_done.fetch_add(1, Ordering::Release);
            });
        }
        let result = {
            let _stop = StopOnDrop(&shared.stop);
            take_in_order(shared, &mut take_chunk, &mut unlocked)
        };
        // Waiting for the helpers to leave is waiting too: done in `unlocked`, so that the
        // scope's own wait at its end is immediate.
        if helpers > 0 {
            unlocked(&mut || {
                let mut idle = Backoff::default();
                while shared.helpers_done.load(Ordering::Acquire) < helpers {
                    idle.wait();
                }
            });
        }
        result
    })
}

fn take_in_order<K, E, S>(
    shared: &Shared<'_, K, E, S>,
    take_chunk: &mut impl FnMut(&str, &[usize]) -> ControlFlow<()>,
    unlocked: &mut impl FnMut(&mut (dyn FnMut() + Send)),
) -> Result<(), Stopped<E>>
where
    K: Sync,
    E: Send,
    S: Fn(&K, &mut String) -> Result<(), E> + Sync,
{
    let mut since_unlocked = 0;
    for chunk in 0..shared.chunks {
        let slot = &shared.slots[chunk % CHUNKS_AHEAD];
        let ready = slot.signed.load(Ordering::Acquire) == chunk + 1;
        if !ready || since_unlocked >= CHUNKS_AHEAD {
            let mut alive = true;
            unlocked(&mut || {
                // Sign one chunk of real work even when this one is ready, then wait for it.
                if let Some(other) = shared.claim(chunk + CHUNKS_AHEAD) {
                    shared.sign_chunk(other);
                }
                alive = shared.sign_until(chunk);
            });
            if !alive {
                return Err(Stopped::HelperPanicked);
            }
            since_unlocked = 0;
        }
        since_unlocked += 1;
        let mut urls = slot.urls.lock().unwrap_or_else(PoisonError::into_inner);
        if take_chunk(&urls.text, &urls.ends).is_break() {
            return Ok(());
        }
        if let Some((index, error)) = urls.failed.take() {
            return Err(Stopped::Failed(index, error));
        }
        drop(urls);
        shared.taken.store(chunk + 1, Ordering::Release);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::stand_in::{keys, sign};

    fn urls<'t>(text: &'t str, ends: &'t [usize]) -> impl Iterator<Item = &'t str> {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &text[start..end])
    }

    /// `n` helper jobs on this process's pool.
    fn on_pool(n: usize) -> Option<(&'static rayon::ThreadPool, usize)> {
        Some((crate::pool::pool().expect("threads start"), n))
    }

    fn run(keys: &[String], helpers: usize) -> (Vec<String>, Result<(), Stopped<String>>) {
        let mut got = Vec::new();
        let result = sign_in_order(
            keys,
            on_pool(helpers),
            &sign,
            |text, ends| {
                for url in urls(text, ends) {
                    got.push(url.trim_end_matches('|').to_owned());
                }
                ControlFlow::Continue(())
            },
            |f| f(),
        );
        (got, result)
    }

    #[test]
    fn every_key_in_order_for_any_number_of_helpers_and_sizes() {
        let sizes = [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            CHUNKS_AHEAD * CHUNK,
            37 * CHUNK + 5,
        ];
        for helpers in [0, 1, 2, 5] {
            for n in sizes {
                let keys = keys(n);
                let (got, result) = run(&keys, helpers);
                assert!(result.is_ok(), "{helpers} helpers, {n} keys");
                assert_eq!(got, keys, "{helpers} helpers, {n} keys");
            }
        }
    }

    #[test]
    fn the_first_failing_key_is_reported_even_when_a_later_one_fails_first() {
        let mut keys = keys(30 * CHUNK);
        // A slow chunk before the first failure: helpers reach later failures first.
        for key in &mut keys[3 * CHUNK..4 * CHUNK] {
            key.push_str(&"x".repeat(200));
        }
        let first_bad = 4 * CHUNK + 9;
        for i in [first_bad, 4 * CHUNK + 10, 20 * CHUNK, 29 * CHUNK] {
            keys[i] = format!("!{i}");
        }
        for helpers in [0, 1, 3] {
            let (got, result) = run(&keys, helpers);
            match result {
                Err(Stopped::Failed(index, error)) => {
                    assert_eq!(index, first_bad);
                    assert_eq!(error, format!("bad !{first_bad}"));
                }
                other => panic!("{helpers} helpers: {other:?}"),
            }
            assert_eq!(got, keys[..first_bad], "{helpers} helpers");
        }
    }

    #[test]
    fn a_panicking_helper_is_an_error_not_a_hang() {
        let mut keys = keys(40 * CHUNK);
        // Far ahead of the caller's first chunks, so a helper is the one to reach it.
        keys[10 * CHUNK] = "panic".into();
        for key in &mut keys[..CHUNK] {
            key.push_str(&"x".repeat(400));
        }
        let mut took = 0;
        let result = catch_unwind(AssertUnwindSafe(|| {
            sign_in_order(
                &keys,
                on_pool(2),
                &sign,
                |_, ends| {
                    took += ends.len();
                    ControlFlow::Continue(())
                },
                |f| f(),
            )
        }));
        // Either a helper panicked (an error) or the caller reached the key first and the
        // panic is the caller's own; never a hang, never a URL for the key.
        match result {
            Ok(Err(Stopped::HelperPanicked)) | Err(_) => {}
            Ok(other) => panic!("{other:?}"),
        }
        assert!(took <= 10 * CHUNK);
    }

    #[test]
    fn the_caller_goes_through_unlocked_at_least_every_ring_of_chunks() {
        let keys = keys(100 * CHUNK);
        let taken_while_locked = std::cell::Cell::new(0usize);
        let mut longest_locked = 0;
        let mut taken = 0;
        sign_in_order(
            &keys,
            on_pool(3),
            &sign,
            |_, ends| {
                taken += ends.len();
                taken_while_locked.set(taken_while_locked.get() + ends.len());
                ControlFlow::Continue(())
            },
            |f| {
                longest_locked = longest_locked.max(taken_while_locked.replace(0));
                f();
            },
        )
        .unwrap();
        assert_eq!(taken, keys.len());
        assert!(longest_locked <= CHUNKS_AHEAD * CHUNK, "{longest_locked}");
    }

    #[test]
    fn a_take_that_breaks_stops_the_batch_and_its_helpers() {
        let keys = keys(200 * CHUNK);
        for helpers in [0, 1, 3] {
            let mut taken = 0;
            let result = sign_in_order(
                &keys,
                on_pool(helpers),
                &sign,
                |_, ends| {
                    taken += ends.len();
                    if taken >= 3 * CHUNK {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
                |f| f(),
            );
            // Returned once the helpers left: none of them signs on afterwards.
            assert!(result.is_ok(), "{helpers} helpers");
            assert_eq!(taken, 3 * CHUNK, "{helpers} helpers");
        }
    }
}
