//! Arrow in and out: keys read from an Arrow string array without copying them, URLs written
//! from the batch pipeline's chunks (a text and where each URL ends, Arrow's own layout) into
//! an Arrow array of the same string type, with no per-URL allocation.
//!
//! `string` keys give `string` URLs (`large_string` once they pass 2 GiB, the most a `string`
//! array holds), `large_string` gives `large_string`, `string_view` gives `string_view`; a
//! null key gives a null URL. A struct array (a record batch) is read through its column
//! named `key`, or its only column, and gives a struct array with one column, `url`.

pub(crate) mod export;
pub(crate) mod sign;
mod spare;

use std::sync::Arc;

use arrow_array::builder::make_view;
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray, StructArray};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, FieldRef, Fields};

use crate::batch::BatchError;
use crate::client::{PresignOptions, Presigner};
use crate::error::CoreError;
use crate::value::Params;
use sign::Stop;

/// The Arrow string layouts keys may come in, and URLs go out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringKind {
    /// `string` (`Utf8`): 32-bit offsets.
    Utf8,
    /// `large_string` (`LargeUtf8`): 64-bit offsets.
    LargeUtf8,
    /// `string_view` (`Utf8View`): 16-byte views into data buffers.
    Utf8View,
}

impl StringKind {
    pub fn data_type(self) -> DataType {
        match self {
            StringKind::Utf8 => DataType::Utf8,
            StringKind::LargeUtf8 => DataType::LargeUtf8,
            StringKind::Utf8View => DataType::Utf8View,
        }
    }
}

/// Where the keys are in an input of type `data_type`, and what type the URLs get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyColumn {
    /// For a struct (record batch) input, the index of the key column.
    pub column: Option<usize>,
    pub kind: StringKind,
}

fn string_kind(data_type: &DataType) -> Option<StringKind> {
    match data_type {
        DataType::Utf8 => Some(StringKind::Utf8),
        DataType::LargeUtf8 => Some(StringKind::LargeUtf8),
        DataType::Utf8View => Some(StringKind::Utf8View),
        _ => None,
    }
}

const STRING_TYPES: &str = "string, large_string or string_view";

/// Finds the keys in an input of this type: a string type itself, or a struct's column named
/// `key`, or its only column.
pub fn key_column(data_type: &DataType) -> Result<KeyColumn, CoreError> {
    if let Some(kind) = string_kind(data_type) {
        return Ok(KeyColumn { column: None, kind });
    }
    let DataType::Struct(fields) = data_type else {
        return Err(CoreError::ParamValidation(format!(
            "Keys must be Arrow strings ({STRING_TYPES}), not {data_type}"
        )));
    };
    let named: Vec<String> = fields.iter().map(|f| format!("{:?}", f.name())).collect();
    let (index, field) = match fields.find("key") {
        Some(found) => found,
        None if fields.len() == 1 => (0, &fields[0]),
        None => {
            return Err(CoreError::ParamValidation(format!(
                "Keys has {} columns ({}) and none named \"key\": pass the key column, or \
                 name it \"key\"",
                fields.len(),
                named.join(", ")
            )))
        }
    };
    let kind = string_kind(field.data_type()).ok_or_else(|| {
        CoreError::ParamValidation(format!(
            "Keys column {:?} must be Arrow strings ({STRING_TYPES}), not {}",
            field.name(),
            field.data_type()
        ))
    })?;
    Ok(KeyColumn {
        column: Some(index),
        kind,
    })
}

/// The field of the URLs made from an input whose field is `input`.
pub fn url_field(input: &Field, column: &KeyColumn, kind: StringKind) -> FieldRef {
    let url = Field::new("url", kind.data_type(), true);
    match column.column {
        None => Arc::new(url),
        Some(_) => Arc::new(Field::new(
            input.name(),
            DataType::Struct(Fields::from(vec![url])),
            input.is_nullable(),
        )),
    }
}

/// The key strings of `array` (a string array, or a struct holding one at `column.column`),
/// borrowed, with their validity.
pub struct Keys<'a> {
    pub kind: StringKind,
    /// One per row (a null row's value is whatever the array holds there, usually "").
    pub values: Vec<&'a str>,
    pub nulls: Option<NullBuffer>,
}

pub fn keys<'a>(array: &'a dyn Array, column: &KeyColumn) -> Result<Keys<'a>, CoreError> {
    let (array, parent_nulls): (&'a dyn Array, _) = match column.column {
        None => (array, None),
        Some(index) => {
            let structs = array
                .as_any()
                .downcast_ref::<StructArray>()
                .ok_or_else(|| type_changed(array.data_type()))?;
            (structs.column(index).as_ref(), structs.logical_nulls())
        }
    };
    let any = array.as_any();
    let (kind, values): (StringKind, Vec<&str>) = if let Some(a) = any.downcast_ref::<StringArray>()
    {
        (StringKind::Utf8, (0..a.len()).map(|i| a.value(i)).collect())
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        (
            StringKind::LargeUtf8,
            (0..a.len()).map(|i| a.value(i)).collect(),
        )
    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
        (
            StringKind::Utf8View,
            (0..a.len()).map(|i| a.value(i)).collect(),
        )
    } else {
        return Err(type_changed(array.data_type()));
    };
    if kind != column.kind {
        return Err(type_changed(array.data_type()));
    }
    Ok(Keys {
        kind,
        values,
        nulls: NullBuffer::union(parent_nulls.as_ref(), array.logical_nulls().as_ref()),
    })
}

fn type_changed(data_type: &DataType) -> CoreError {
    CoreError::ParamValidation(format!(
        "Keys changed type within the stream: a batch of {data_type} does not match its schema"
    ))
}

/// Builds the URL array from signed chunks, in row order, with nulls where the keys are null.
pub struct UrlColumn {
    kind: StringKind,
    /// The URLs back to back (for `string_view`, the current data block).
    text: Vec<u8>,
    /// Where each row ends in `text` (`string` and `large_string`).
    ends: Vec<i64>,
    /// `string_view`: one view per row, and the full data blocks.
    views: Vec<u128>,
    blocks: Vec<Buffer>,
    nulls: Option<NullBuffer>,
    /// Rows written so far (URLs and nulls), and where the last URL ends in `text`.
    rows: usize,
    end: usize,
    len: usize,
}

/// A `string_view` data block holds at most this many bytes (its views' offsets are 32-bit).
const VIEW_BLOCK_LIMIT: usize = u32::MAX as usize;

impl UrlColumn {
    /// For `len` rows, null where `nulls` says so.
    pub fn new(kind: StringKind, len: usize, nulls: Option<NullBuffer>) -> UrlColumn {
        let (ends, views) = match kind {
            StringKind::Utf8View => (Vec::new(), Vec::with_capacity(len)),
            _ => (Vec::with_capacity(len + 1), Vec::new()),
        };
        let mut column = UrlColumn {
            kind,
            text: Vec::new(),
            ends,
            views,
            blocks: Vec::new(),
            nulls,
            rows: 0,
            end: 0,
            len,
        };
        if kind != StringKind::Utf8View {
            column.ends.push(0);
        }
        column.skip_nulls();
        column
    }

    fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }

    /// Writes the null rows before the next URL.
    fn skip_nulls(&mut self) {
        while self.rows < self.len && self.is_null(self.rows) {
            match self.kind {
                StringKind::Utf8View => self.views.push(0),
                _ => self.ends.push(self.end as i64),
            }
            self.rows += 1;
        }
    }

    /// Appends a chunk of URLs for the next non-null rows: `text` holds them back to back and
    /// `ends[i]` is where URL `i` ends.
    pub fn push_chunk(&mut self, text: &str, ends: &[usize]) {
        if self.text.capacity() == 0 && !ends.is_empty() {
            // The first chunk's URL length, times the rows left, with a little room to spare:
            // URLs of one call differ only by their keys.
            let per_url = text.len() / ends.len() + 1;
            let estimate = per_url.saturating_mul(self.len - self.rows) / 16 * 17;
            self.text.reserve(match self.kind {
                StringKind::Utf8View => estimate.min(VIEW_BLOCK_LIMIT),
                _ => estimate,
            });
        }
        if self.kind == StringKind::Utf8View && self.text.len() + text.len() > VIEW_BLOCK_LIMIT {
            let full = std::mem::take(&mut self.text);
            self.blocks.push(Buffer::from_vec(full));
            self.end = 0;
        }
        let base = self.text.len();
        self.text.extend_from_slice(text.as_bytes());
        self.push_ends(base, ends);
    }

    /// Takes every non-null row's URL at once, `text` as the array's own text (no copy) when
    /// nothing was pushed before (and, for `string_view`, it fits in one block).
    pub fn push_all(&mut self, text: Vec<u8>, ends: &[usize]) {
        let fits = self.kind != StringKind::Utf8View || text.len() <= VIEW_BLOCK_LIMIT;
        if self.text.is_empty() && self.blocks.is_empty() && fits {
            self.text = text;
            self.push_ends(0, ends);
            return;
        }
        let text = std::str::from_utf8(&text).expect("URLs are UTF-8");
        let starts = std::iter::once(0).chain(ends.iter().copied());
        for (start, &end) in starts.zip(ends) {
            self.push_chunk(&text[start..end], &[end - start]);
        }
    }

    /// Records the rows of URLs already in `self.text` at `base`, ending at `ends`.
    fn push_ends(&mut self, base: usize, ends: &[usize]) {
        let mut start = 0;
        if self.nulls.is_none() && self.kind != StringKind::Utf8View {
            self.ends
                .extend(ends.iter().map(|&end| (base + end) as i64));
            if let Some(&last) = ends.last() {
                self.end = base + last;
            }
            self.rows += ends.len();
            return;
        }
        for &end in ends {
            match self.kind {
                StringKind::Utf8View => {
                    let block = self.blocks.len() as u32;
                    let url = &self.text[base + start..base + end];
                    self.views
                        .push(make_view(url, block, (base + start) as u32));
                }
                _ => self.ends.push((base + end) as i64),
            }
            start = end;
            self.end = base + end;
            self.rows += 1;
            self.skip_nulls();
        }
    }

    /// The array: every row must have been written (`push_chunk` for every non-null key).
    pub fn finish(mut self) -> ArrayRef {
        self.skip_nulls();
        debug_assert_eq!(self.rows, self.len, "a URL or a null for every row");
        let nulls = self.nulls.take();
        let text = spare::into_buffer(std::mem::take(&mut self.text));
        match self.kind {
            StringKind::Utf8View => {
                self.blocks.push(text);
                let views = ScalarBuffer::from(self.views);
                // SAFETY: every view was made by `make_view` from a whole URL (valid UTF-8,
                // cut at the ends the signer reported) at its offset in the block it names;
                // null rows have empty views.
                Arc::new(unsafe {
                    StringViewArray::new_unchecked(views, Arc::from(self.blocks), nulls)
                })
            }
            StringKind::Utf8 if text.len() <= i32::MAX as usize => {
                let ends: Vec<i32> = self.ends.iter().map(|&e| e as i32).collect();
                // SAFETY: the offsets start at 0, never decrease, end at the text's length and
                // fall between URLs, which are whole UTF-8 strings.
                Arc::new(unsafe {
                    StringArray::new_unchecked(
                        OffsetBuffer::new_unchecked(ScalarBuffer::from(ends)),
                        text,
                        nulls,
                    )
                })
            }
            StringKind::Utf8 | StringKind::LargeUtf8 => {
                // SAFETY: as above, with 64-bit offsets.
                Arc::new(unsafe {
                    LargeStringArray::new_unchecked(
                        OffsetBuffer::new_unchecked(ScalarBuffer::from(self.ends)),
                        text,
                        nulls,
                    )
                })
            }
        }
    }
}

/// Below this many keys an array is signed on the calling thread alone: a helper's wake-up
/// would cost more than it saves.
const PARALLEL_THRESHOLD: usize = 2 * sign::CHUNK;

/// How signing an array stopped early.
#[derive(Debug)]
pub enum ArrowStop<E> {
    /// A key failed (its row, when the error is about one key) or the call is wrong.
    Failed(BatchError),
    /// `between` said to stop.
    Stopped(E),
}

/// Signs every non-null key of `keys` (rows of one array) and returns the URL array.
/// `between` runs on this thread first, then every [`sign::CHECK_EVERY`] keys and at the end (the
/// caller's Ctrl-C check). Signing needs no lock: call it without the GIL.
#[allow(clippy::too_many_arguments)]
pub fn sign_keys<E>(
    presigner: &Presigner,
    client_method: &str,
    bucket: &str,
    shared: &Params,
    options: &PresignOptions<'_>,
    keys: &Keys<'_>,
    between: impl FnMut() -> Result<(), E>,
) -> Result<ArrayRef, ArrowStop<E>> {
    let len = keys.values.len();
    let mut column = UrlColumn::new(keys.kind, len, keys.nulls.clone());
    // With nulls, the non-null keys and their rows (to name a failing key by its row).
    let (present, rows): (std::borrow::Cow<'_, [&str]>, Option<Vec<usize>>) = match &keys.nulls {
        Some(nulls) if nulls.null_count() > 0 => {
            let (present, rows): (Vec<&str>, Vec<usize>) = nulls
                .valid_indices()
                .map(|row| (keys.values[row], row))
                .unzip();
            (present.into(), Some(rows))
        }
        _ => (keys.values.as_slice().into(), None),
    };
    let row_of = |i: usize| rows.as_ref().map_or(i, |rows| rows[i]);
    let Some(first) = present.first() else {
        return Ok(column.finish());
    };
    let batch = presigner
        .batch(client_method, bucket, first, shared, options)
        .map_err(|(index, e)| ArrowStop::Failed((index.map(row_of), e)))?;
    // Room for every URL: the first one's length less its key, plus each key, with some to
    // spare for keys that grow when quoted (URLs that do not fit are appended with a copy).
    let mut first_url = String::new();
    let first_len = match batch.sign_into(first, &mut first_url) {
        Ok(()) => first_url.len().saturating_sub(first.len()),
        Err(e) => return Err(ArrowStop::Failed((Some(row_of(0)), e))),
    };
    let key_bytes: usize = present.iter().map(|key| key.len()).sum();
    let capacity = first_len
        .saturating_mul(present.len())
        .saturating_add(key_bytes)
        / 8
        * 9;
    let in_pool = rayon::current_thread_index().is_some();
    let helpers = (present.len() >= PARALLEL_THRESHOLD && !in_pool)
        .then(crate::pool::pool)
        .flatten()
        .map(|pool| (pool, pool.current_num_threads().saturating_sub(1)));
    let sign = |key: &&str, out: &mut String| batch.sign_into(key, out);
    let signed =
        sign::sign_all(&present, helpers, capacity, &sign, between).map_err(|stop| match stop {
            Stop::Failed(index, e) => ArrowStop::Failed((Some(row_of(index)), e)),
            Stop::Between(e) => ArrowStop::Stopped(e),
            Stop::HelperPanicked => ArrowStop::Failed((
                None,
                CoreError::Unsupported("a batch signing thread panicked".into()),
            )),
        })?;
    column.push_all(signed.text, &signed.ends);
    Ok(column.finish())
}

/// Wraps URLs for an input with a key column into a struct array of one column, `url`, with
/// the input's validity.
pub fn in_shape_of(input: &dyn Array, column: &KeyColumn, urls: ArrayRef) -> ArrayRef {
    if column.column.is_none() {
        return urls;
    }
    let field = Field::new("url", urls.data_type().clone(), true);
    Arc::new(StructArray::new(
        Fields::from(vec![field]),
        vec![urls],
        input.logical_nulls(),
    ))
}

#[cfg(test)]
mod tests;
