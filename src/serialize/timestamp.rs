//! Timestamps as botocore parses and serialises them (ISO 8601, RFC 822, epoch seconds).

use super::*;

/// An instant with microseconds, as `parse_to_aware_datetime` leaves it (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Instant {
    pub(super) seconds: i64,
    pub(super) micros: u32,
}

pub(super) const MIN_EPOCH: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
pub(super) const MAX_EPOCH: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

pub(super) fn checked(seconds: i64, micros: u32) -> Result<Instant, ()> {
    if (MIN_EPOCH..=MAX_EPOCH).contains(&seconds) {
        Ok(Instant { seconds, micros })
    } else {
        Err(())
    }
}

pub(super) fn from_epoch_float(f: f64) -> Result<Instant, ()> {
    if !f.is_finite() {
        return Err(());
    }
    let secs = f.floor();
    let mut us = ((f - secs) * 1e6).round_ties_even_compat();
    let mut secs = secs as i64;
    if us >= 1e6 {
        secs += 1;
        us = 0.0;
    }
    checked(secs, us as u32)
}

pub(super) trait RoundTiesEven {
    fn round_ties_even_compat(self) -> f64;
}

impl RoundTiesEven for f64 {
    fn round_ties_even_compat(self) -> f64 {
        let r = self.round();
        if (self - self.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
            r - self.signum()
        } else {
            r
        }
    }
}

pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(super) fn from_fields(
    year: i64,
    month: u32,
    day: u32,
    hms: (u32, u32, u32),
    micros: u32,
    offset: i64,
) -> Result<Instant, ()> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > dim[month as usize - 1]
        || hms.0 > 23
        || hms.1 > 59
        || hms.2 > 59
        || micros > 999_999
    {
        return Err(());
    }
    let days = days_from_civil(year, month as i64, day as i64);
    let secs = days * 86_400 + (hms.0 * 3600 + hms.1 * 60 + hms.2) as i64 - offset;
    checked(secs, micros)
}

pub(super) fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if head.bytes().all(|b| b.is_ascii_digit()) {
        Some((head.parse().ok()?, &s[n..]))
    } else {
        None
    }
}

/// The ISO 8601 forms `dateutil` reads the same way: `YYYY-MM-DD`, optionally `[T ]HH:MM`,
/// `:SS`, `.ffffff` (digits past six ignored), then `Z`, `+HH:MM` or `+HHMM`.
pub(super) fn parse_iso8601(s: &str) -> Option<Instant> {
    let (y, s) = digits(s, 4)?;
    let s = s.strip_prefix('-')?;
    let (mo, s) = digits(s, 2)?;
    let s = s.strip_prefix('-')?;
    let (d, mut s) = digits(s, 2)?;
    let (mut h, mut mi, mut sec, mut us) = (0, 0, 0, 0);
    let mut offset = 0i64;
    if let Some(rest) = s.strip_prefix('T').or_else(|| s.strip_prefix(' ')) {
        let (hh, rest) = digits(rest, 2)?;
        let rest = rest.strip_prefix(':')?;
        let (mm, mut rest) = digits(rest, 2)?;
        h = hh;
        mi = mm;
        if let Some(r) = rest.strip_prefix(':') {
            let (ss, r) = digits(r, 2)?;
            sec = ss;
            rest = r;
            if let Some(r) = rest.strip_prefix('.') {
                // dateutil keeps the first six fraction digits.
                let n = r.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return None;
                }
                let kept = n.min(6);
                let (f, _) = digits(r, kept)?;
                us = f * 10u32.pow(6 - kept as u32);
                rest = &r[n..];
            }
        }
        if let Some(r) = rest.strip_prefix('Z') {
            rest = r;
        } else if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
            let r = &rest[1..];
            let (oh, r) = digits(r, 2)?;
            let r = r.strip_prefix(':').unwrap_or(r);
            let (om, r) = digits(r, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            offset = (oh * 3600 + om * 60) as i64;
            if sign == '-' {
                offset = -offset;
            }
            rest = r;
        }
        s = rest;
    }
    if !s.is_empty() {
        return None;
    }
    from_fields(y as i64, mo, d, (h, mi, sec), us, offset).ok()
}

/// `parse_to_aware_datetime(value)`: datetime (naive = UTC), epoch number, numeric string or
/// ISO 8601 string. Other strings `dateutil` might read are refused.
pub(super) fn timestamp_epoch(v: &Value) -> Result<Instant, ()> {
    match v {
        Value::DateTime(d) => from_fields(
            d.year as i64,
            d.month as u32,
            d.day as u32,
            (d.hour as u32, d.minute as u32, d.second as u32),
            d.microsecond,
            d.utc_offset_seconds.unwrap_or(0) as i64,
        ),
        Value::Int(i) => checked(*i, 0),
        Value::Bool(b) => checked(*b as i64, 0),
        Value::Float(f) => from_epoch_float(*f),
        Value::Str(s) => {
            let t = s.trim_matches(isspace);
            if let Ok(f) = t.parse::<f64>() {
                if t.bytes()
                    .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                {
                    return from_epoch_float(f);
                }
            }
            parse_iso8601(s).ok_or(())
        }
        _ => Err(()),
    }
}

pub(super) const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
pub(super) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub(super) fn split(seconds: i64) -> (i64, u32, u32, i64, i64, i64, usize) {
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        days.rem_euclid(7) as usize,
    )
}

/// `Serializer._timestamp_iso8601` (default precision; `strftime('%Y')` does not pad on Linux).
pub(super) fn format_iso8601(t: Instant) -> String {
    let (y, m, d, hh, mm, ss, _) = split(t.seconds);
    if t.micros > 0 {
        format!("{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:06}Z", t.micros)
    } else {
        format!("{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    }
}

/// `email.utils.formatdate(seconds, usegmt=True)`.
pub(super) fn format_rfc822(seconds: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = split(seconds);
    format!(
        "{}, {d:02} {} {y:04} {hh:02}:{mm:02}:{ss:02} GMT",
        DAYS[wd],
        MONTHS[m as usize - 1]
    )
}

pub(super) fn format_timestamp(t: Instant, format: &str) -> Result<String> {
    match format.to_ascii_lowercase().as_str() {
        "iso8601" => Ok(format_iso8601(t)),
        "rfc822" => Ok(format_rfc822(t.seconds)),
        "unixtimestamp" => Ok(t.seconds.to_string()),
        other => Err(CoreError::Unsupported(format!(
            "timestamp format {other} is not supported"
        ))),
    }
}
