//! One spare URL text: the text of the last large URL array whose consumer let go of it, kept
//! for the next array.
//!
//! A large array's URLs fill hundreds of megabytes of fresh memory, which the kernel zeroes
//! page by page as it is first written: about a tenth of the signing. Smaller texts come
//! from the allocator's own free lists and need no help; larger ones are not kept, so the
//! memory held between calls stays bounded. It is only a cache: a text is reused only after
//! the last Arrow reference to it is gone.

use std::ops::RangeInclusive;
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, PoisonError};

use arrow_buffer::Buffer;

/// The capacities of texts worth keeping. glibc's allocator keeps freed blocks up to 32 MiB
/// for reuse itself; above 512 MiB, idle memory would cost more than the zeroing saves.
const KEPT: RangeInclusive<usize> = (32 << 20)..=(512 << 20);

static SPARE: Mutex<Option<Vec<u8>>> = Mutex::new(None);

fn spare() -> std::sync::MutexGuard<'static, Option<Vec<u8>>> {
    SPARE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An empty text with room for `capacity` bytes: the spare when it is large enough and not
/// more than twice too large, else a new one (with no room when memory is short: the caller
/// grows it as it must).
pub fn take(capacity: usize) -> Vec<u8> {
    if let Some(mut text) = spare().take() {
        if (capacity..=capacity.saturating_mul(2)).contains(&text.capacity()) {
            text.clear();
            return text;
        }
    }
    let mut text = Vec::new();
    let _ = text.try_reserve_exact(capacity);
    text
}

/// `text` as an Arrow buffer, without a copy. When the buffer's last reference is dropped, a
/// text of a capacity worth keeping becomes the spare, unless there is one already.
pub fn into_buffer(text: Vec<u8>) -> Buffer {
    if !KEPT.contains(&text.capacity()) {
        return Buffer::from_vec(text);
    }
    let ptr = NonNull::new(text.as_ptr().cast_mut()).expect("a Vec's pointer is never null");
    let len = text.len();
    // SAFETY: `ptr` and `len` are the initialised part of `text`'s heap allocation, which
    // `Released` now owns (moving a Vec leaves its heap data in place) and does not touch
    // until arrow drops it with the buffer's last reference.
    unsafe { Buffer::from_custom_allocation(ptr, len, Arc::new(Released(text))) }
}

/// A text lent to Arrow; dropped with the last reference to its buffer.
struct Released(Vec<u8>);

// A text is plain bytes: a panic elsewhere cannot leave it half-changed.
impl std::panic::RefUnwindSafe for Released {}

impl Drop for Released {
    fn drop(&mut self) {
        let mut spare = spare();
        if spare.is_none() {
            *spare = Some(std::mem::take(&mut self.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests share the one spare: run them one at a time.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn text_of(capacity: usize, fill: u8) -> Vec<u8> {
        let mut text = Vec::with_capacity(capacity);
        text.resize(1000, fill);
        text
    }

    #[test]
    fn a_dropped_large_text_is_reused_and_a_live_one_never_is() {
        let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
        spare().take();
        let capacity = 64 << 20;
        let first = into_buffer(text_of(capacity, b'a'));
        let first_ptr = first.as_ptr();
        // Still referenced (a consumer holds a slice of it): a new text is made.
        let slice = first.slice(10);
        drop(first);
        let second = take(capacity);
        assert_ne!(second.as_ptr(), first_ptr);
        assert_eq!(slice.as_slice(), &[b'a'; 990][..]);
        drop(slice);
        assert!(spare().is_some());
        // Gone: its memory comes back, empty, for a text that needs as much or up to half.
        let reused = take(capacity / 2);
        assert_eq!(reused.as_ptr(), first_ptr);
        assert!(reused.is_empty() && reused.capacity() >= capacity);
        drop(second);
    }

    #[test]
    fn small_huge_and_ill_fitting_texts_are_not_kept() {
        let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
        spare().take();
        drop(into_buffer(text_of(1 << 20, b'a')));
        assert!(spare().is_none(), "below the kept range");
        drop(into_buffer(text_of(64 << 20, b'a')));
        assert!(spare().is_some());
        // More than twice the need: freed, and a text of the right size made.
        let small = take(1 << 20);
        assert!(spare().is_none() && small.capacity() < (64 << 20));
        drop(into_buffer(text_of(64 << 20, b'a')));
        // Too small for the need: freed too.
        assert!(take(100 << 20).capacity() >= 100 << 20 && spare().is_none());
        // Only one is kept: the second released text is freed.
        let (one, two) = (
            into_buffer(text_of(64 << 20, b'a')),
            into_buffer(text_of(64 << 20, b'b')),
        );
        let one_ptr = one.as_ptr();
        drop(one);
        drop(two);
        assert_eq!(spare().as_ref().map(|t| t.as_ptr()), Some(one_ptr));
    }
}
