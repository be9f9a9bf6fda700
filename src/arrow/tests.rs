use super::*;
use arrow_array::ffi_stream::ArrayStreamReader;
use arrow_array::{ArrayIterator, ArrayReader, Int32Array};
use export::export_array_reader;

/// Rows 0..len, null where `null(row)`, "url-{row}" (of growing length) elsewhere.
fn expected(len: usize, null: impl Fn(usize) -> bool) -> Vec<Option<String>> {
    (0..len)
        .map(|row| (!null(row)).then(|| format!("url-{row}-{}", "x".repeat(row % 17))))
        .collect()
}

/// Pushes the non-null rows in chunks of `chunk` URLs, as the pipeline hands them over.
fn build(kind: StringKind, rows: &[Option<String>], chunk: usize) -> ArrayRef {
    let nulls = rows
        .iter()
        .any(Option::is_none)
        .then(|| NullBuffer::from_iter(rows.iter().map(Option::is_some)));
    let mut column = UrlColumn::new(kind, rows.len(), nulls);
    let present: Vec<&String> = rows.iter().flatten().collect();
    for urls in present.chunks(chunk.max(1)) {
        let mut text = String::new();
        let mut ends = Vec::new();
        for url in urls {
            text.push_str(url);
            ends.push(text.len());
        }
        column.push_chunk(&text, &ends);
    }
    column.finish()
}

fn values(array: &ArrayRef) -> Vec<Option<String>> {
    let any = array.as_any();
    let strs: Vec<Option<&str>> = if let Some(a) = any.downcast_ref::<StringArray>() {
        a.iter().collect()
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        a.iter().collect()
    } else {
        any.downcast_ref::<StringViewArray>()
            .unwrap()
            .iter()
            .collect()
    };
    strs.into_iter().map(|s| s.map(str::to_owned)).collect()
}

#[test]
fn every_row_in_order_with_nulls_anywhere_for_every_kind_and_chunking() {
    type NullPattern = (&'static str, fn(usize) -> bool);
    let patterns: [NullPattern; 5] = [
        ("none", |_| false),
        ("all", |_| true),
        ("first and last", |row| row == 0 || row == 299),
        ("every third", |row| row % 3 == 0),
        ("runs", |row| (row / 7) % 2 == 1),
    ];
    for kind in [
        StringKind::Utf8,
        StringKind::LargeUtf8,
        StringKind::Utf8View,
    ] {
        for (name, null) in patterns {
            for len in [0, 1, 300] {
                for chunk in [1, 5, 128] {
                    let rows = expected(len, null);
                    let array = build(kind, &rows, chunk);
                    array.to_data().validate_full().unwrap();
                    assert_eq!(array.data_type(), &kind.data_type());
                    assert_eq!(values(&array), rows, "{kind:?}, nulls {name}, {len} rows");
                }
            }
        }
    }
}

#[test]
fn keys_are_found_in_a_string_array_or_a_struct_column() {
    assert_eq!(
        key_column(&DataType::LargeUtf8).unwrap(),
        KeyColumn {
            column: None,
            kind: StringKind::LargeUtf8
        }
    );
    let two = DataType::Struct(Fields::from(vec![
        Field::new("size", DataType::Int64, true),
        Field::new("key", DataType::Utf8View, true),
    ]));
    assert_eq!(key_column(&two).unwrap().column, Some(1));
    let only = DataType::Struct(Fields::from(vec![Field::new("path", DataType::Utf8, true)]));
    assert_eq!(key_column(&only).unwrap().column, Some(0));
}

#[test]
fn unusable_inputs_are_named_in_the_error() {
    let message = |t: DataType| key_column(&t).unwrap_err().to_string();
    assert!(message(DataType::Int32).contains("not Int32"));
    assert!(message(DataType::Binary).contains("not Binary"));
    let no_key = DataType::Struct(Fields::from(vec![
        Field::new("a", DataType::Utf8, true),
        Field::new("b", DataType::Utf8, true),
    ]));
    let text = message(no_key);
    assert!(
        text.contains("none named \"key\"") && text.contains("\"a\", \"b\""),
        "{text}"
    );
    let bad_key = DataType::Struct(Fields::from(vec![Field::new("key", DataType::Int64, true)]));
    assert!(message(bad_key).contains("column \"key\""));
}

#[test]
fn an_exported_stream_of_plain_arrays_reads_back_whole() {
    let field: FieldRef = Arc::new(Field::new("n", DataType::Int32, true));
    let batches: Vec<ArrayRef> = vec![
        Arc::new(Int32Array::from(vec![1, 2])),
        Arc::new(Int32Array::from(vec![Some(3), None])),
    ];
    let reader = ArrayIterator::new(batches.clone().into_iter().map(Ok), field.clone());
    let stream = export_array_reader(Box::new(reader));
    let back = ArrayStreamReader::try_new(stream).unwrap();
    assert_eq!(back.field().as_ref(), field.as_ref());
    let read: Vec<ArrayRef> = back.map(Result::unwrap).collect();
    assert_eq!(read.len(), 2);
    for (a, b) in read.iter().zip(&batches) {
        assert_eq!(a.to_data(), b.to_data());
    }
}

#[test]
fn an_exported_stream_passes_errors_on_with_their_message() {
    let field: FieldRef = Arc::new(Field::new("n", DataType::Int32, true));
    let items: Vec<Result<ArrayRef, arrow_schema::ArrowError>> = vec![
        Ok(Arc::new(Int32Array::from(vec![1]))),
        Err(arrow_schema::ArrowError::InvalidArgumentError(
            "ParamValidationError: Keys[7]: bad".into(),
        )),
    ];
    let stream = export_array_reader(Box::new(ArrayIterator::new(items, field)));
    let mut back = ArrayStreamReader::try_new(stream).unwrap();
    assert!(back.next().unwrap().is_ok());
    let err = back.next().unwrap().unwrap_err().to_string();
    assert!(err.contains("ParamValidationError: Keys[7]: bad"), "{err}");
}
