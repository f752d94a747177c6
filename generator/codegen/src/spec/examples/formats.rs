//! The string formats an example is checked for: RFC 3339's `date-time` and
//! `full-date` (section 5.6), which OpenAPI's `format: date-time` and
//! `format: date` name.

/// `2026-03-01T10:30:00.000Z`, `2026-03-01t10:30:00+09:00`: a full-date,
/// `T` (or `t`), hours, minutes, seconds (60 for a leap second), an optional
/// fraction, and `Z` (or `z`) or a numeric offset.
pub(super) fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (time, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return false,
    };
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let clock_ok = match digits_by(clock, ':').as_deref() {
        Some([h, m, s]) => *h <= 23 && *m <= 59 && *s <= 60,
        _ => false,
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => match digits_by(&offset[1..], ':').as_deref() {
            Some([h, m]) => *h <= 23 && *m <= 59,
            _ => false,
        },
    };
    clock_ok && fraction_ok && offset_ok
}

/// `2026-03-01`: a four-digit year, a month and a day that exists in it.
pub(super) fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (number(year), number(month), number(day)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Two-digit numbers separated by `separator`: `10:30:00` → [10, 30, 0].
fn digits_by(text: &str, separator: char) -> Option<Vec<u32>> {
    text.split(separator)
        .map(|part| if part.len() == 2 { number(part) } else { None })
        .collect()
}

/// ASCII digits only (no sign, no space) as a number.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        for valid in [
            "2026-03-01T10:30:00.000Z",
            "2026-03-01T10:30:00Z",
            "2026-03-01t10:30:00z",
            "2026-03-01T10:30:00+09:00",
            "2026-03-01T10:30:00.123456-05:30",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_date_time(valid), "{valid}");
        }
        for invalid in [
            "<string>",
            "2026-03-01",
            "2026-03-01 10:30:00Z",
            "2026-03-01T10:30:00",
            "2026-03-01T10:30Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:30:00.Z",
            "2026-03-01T10:30:00+0900",
            "2026-02-30T10:30:00Z",
            "2026-03-01T1:30:00Z",
            "2026-03-01T10:30:00+09:00extra",
            "1772361000",
        ] {
            assert!(!is_date_time(invalid), "{invalid}");
        }
    }

    #[test]
    fn dates() {
        for valid in ["2026-03-01", "2024-02-29", "2000-02-29", "0001-01-01"] {
            assert!(is_date(valid), "{valid}");
        }
        for invalid in [
            "2023-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-3-01",
            "26-03-01",
            "2026-03-01T00:00:00Z",
            "+026-03-01",
        ] {
            assert!(!is_date(invalid), "{invalid}");
        }
    }
}
