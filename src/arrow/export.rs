//! Exports an [`ArrayReader`] as a C stream of any type. arrow-rs exports record batch readers
//! only (a `Struct` stream); a stream of plain string arrays (what a `ChunkedArray` or a polars
//! `Series` gives) needs the same four callbacks over an `ArrayReader`. The structs are
//! arrow-rs's; only the callbacks are here, written as arrow-rs writes its own.

use std::ffi::{c_char, c_int, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{Array, ArrayReader};

/// `EINVAL`, `EIO`: what a failed `get_schema` / `get_next` returns (consumers map them to
/// their invalid-argument and I/O errors and read the message from `get_last_error`).
const EINVAL: c_int = 22;
const EIO: c_int = 5;

struct Private {
    reader: Box<dyn ArrayReader + Send>,
    last_error: Option<CString>,
}

/// A C stream that pulls its arrays from `reader` as the consumer asks for them.
pub fn export_array_reader(reader: Box<dyn ArrayReader + Send>) -> FFI_ArrowArrayStream {
    let private = Box::new(Private {
        reader,
        last_error: None,
    });
    // SAFETY: the callbacks below implement the C stream interface over `Private`, which the
    // stream owns through `private_data` until `release` frees it once.
    unsafe {
        FFI_ArrowArrayStream::new_unchecked(
            Some(get_schema),
            Some(get_next),
            Some(get_last_error),
            Some(release),
            Box::into_raw(private).cast::<c_void>(),
        )
    }
}

/// # Safety
/// `stream` is a live stream made by [`export_array_reader`].
unsafe fn private<'a>(stream: *mut FFI_ArrowArrayStream) -> &'a mut Private {
    unsafe { &mut *(*stream).private_data().cast::<Private>() }
}

fn error_message(message: String) -> CString {
    CString::new(message.replace('\0', " ")).unwrap_or_default()
}

unsafe extern "C" fn get_schema(
    stream: *mut FFI_ArrowArrayStream,
    out: *mut FFI_ArrowSchema,
) -> c_int {
    // SAFETY: the consumer calls with the stream this callback belongs to.
    let private = unsafe { private(stream) };
    match FFI_ArrowSchema::try_from(private.reader.field().as_ref()) {
        Ok(schema) => {
            // SAFETY: `out` points to writable memory for a schema (the consumer's).
            unsafe { std::ptr::write(out, schema) };
            0
        }
        Err(err) => {
            private.last_error = Some(error_message(err.to_string()));
            EINVAL
        }
    }
}

unsafe extern "C" fn get_next(
    stream: *mut FFI_ArrowArrayStream,
    out: *mut FFI_ArrowArray,
) -> c_int {
    // SAFETY: as in `get_schema`.
    let private = unsafe { private(stream) };
    // A panic must not unwind into the consumer's C frames.
    let next = catch_unwind(AssertUnwindSafe(|| private.reader.next()));
    let array = match next {
        Ok(None) => FFI_ArrowArray::empty(),
        Ok(Some(Ok(array))) => FFI_ArrowArray::new(&array.to_data()),
        Ok(Some(Err(err))) => {
            private.last_error = Some(error_message(err.to_string()));
            return EINVAL;
        }
        Err(_) => {
            private.last_error = Some(error_message("signing the next batch panicked".into()));
            return EIO;
        }
    };
    // SAFETY: `out` points to writable memory for an array (the consumer's); a released
    // (empty) array marks the end of the stream.
    unsafe { std::ptr::write(out, array) };
    0
}

unsafe extern "C" fn get_last_error(stream: *mut FFI_ArrowArrayStream) -> *const c_char {
    // SAFETY: as in `get_schema`.
    let private = unsafe { private(stream) };
    private
        .last_error
        .as_ref()
        .map_or(std::ptr::null(), |message| message.as_ptr())
}

unsafe extern "C" fn release(stream: *mut FFI_ArrowArrayStream) {
    if stream.is_null() {
        return;
    }
    // SAFETY: `private_data` is the `Private` boxed by `export_array_reader`, freed only here,
    // after which the stream is marked released.
    unsafe {
        let stream = &mut *stream;
        let private = stream.set_private_data(std::ptr::null_mut());
        if !private.is_null() {
            drop(Box::from_raw(private.cast::<Private>()));
        }
        stream.set_release(None);
    }
}
