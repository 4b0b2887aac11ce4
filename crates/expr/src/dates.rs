//! Dates and times by hand: days ↔ civil dates (Howard Hinnant's algorithms), ISO 8601
//! reading and writing, and `format-date`'s patterns. No clock is read here: today and now
//! come from the [`crate::Env`].
//!
//! Every date is UTC: a dateTime without an offset is read as UTC, and `date(now())` is the UTC
//! day, so the server and the phone agree.

/// Milliseconds in a day.
pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// The days handled, about ±1 million years around 1970: larger values are clamped so that the
/// arithmetic below can never overflow.
pub(crate) const MAX_DAYS: i64 = 365_242_500;

/// Days since 1970-01-01 of a proleptic Gregorian date (no check of the ranges).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = y.clamp(-1_000_000, 1_000_000);
    let (m, d) = (i64::from(m.clamp(1, 12)), i64::from(d.clamp(1, 31)));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.clamp(-MAX_DAYS, MAX_DAYS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A small cursor over ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
}

/// `YYYY-MM-DD` at the cursor, as days.
fn read_date(c: &mut Cursor<'_>) -> Option<i64> {
    let y = i64::from(c.digits(4)?);
    if !c.eat(b'-') {
        return None;
    }
    let m = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let d = c.digits(2)?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// `HH:MM[:SS[.fff]]` then an optional `Z` or `±hh[:mm]` offset, as ms since midnight UTC
/// (which may fall outside 0..one day once the offset is taken away).
fn read_time(c: &mut Cursor<'_>) -> Option<i64> {
    let h = i64::from(c.digits(2)?);
    if !c.eat(b':') {
        return None;
    }
    let mi = i64::from(c.digits(2)?);
    let mut s = 0;
    let mut ms = 0;
    if c.eat(b':') {
        s = i64::from(c.digits(2)?);
        if c.eat(b'.') || c.eat(b',') {
            let mut scale = 100;
            let mut any = false;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                ms += i64::from(d - b'0') * scale;
                scale /= 10;
                any = true;
                c.i += 1;
            }
            if !any {
                return None;
            }
        }
    }
    if h > 24 || mi > 59 || s > 60 || (h == 24 && (mi, s, ms) != (0, 0, 0)) {
        return None;
    }
    let mut total = ((h * 60 + mi) * 60 + s) * 1000 + ms;
    match c.peek() {
        Some(b'Z' | b'z') => c.i += 1,
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = i64::from(c.digits(2)?);
            c.eat(b':');
            let om = if c.done() { 0 } else { i64::from(c.digits(2)?) };
            if oh > 23 || om > 59 {
                return None;
            }
            let off = (oh * 60 + om) * 60_000;
            total = if sign == b'+' {
                total - off
            } else {
                total + off
            };
        }
        _ => {}
    }
    Some(total)
}

/// `YYYY-MM-DD` → days since 1970-01-01; `None` unless the whole string (trimmed) is a real date.
pub fn date_from_str(s: &str) -> Option<i64> {
    let mut c = Cursor {
        s: s.trim().as_bytes(),
        i: 0,
    };
    let d = read_date(&mut c)?;
    c.done().then_some(d)
}

/// ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±hh:mm]` → ms since the epoch. Without an offset
/// the time is read as UTC. A date alone is midnight UTC.
pub fn datetime_from_str(s: &str) -> Option<i64> {
    let mut c = Cursor {
        s: s.trim().as_bytes(),
        i: 0,
    };
    let d = read_date(&mut c)?;
    if c.done() {
        return Some(d * MS_PER_DAY);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let t = read_time(&mut c)?;
    c.done().then_some(d * MS_PER_DAY + t)
}

/// A time of day `HH:MM[:SS[.fff]][Z|±hh:mm]` → ms since midnight UTC, in 0..one day.
pub fn time_from_str(s: &str) -> Option<i64> {
    let mut c = Cursor {
        s: s.trim().as_bytes(),
        i: 0,
    };
    let t = read_time(&mut c)?;
    c.done().then_some(t.rem_euclid(MS_PER_DAY))
}

/// Days since 1970-01-01 → `YYYY-MM-DD`.
pub fn date_to_str(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{}-{m:02}-{d:02}", year4(y))
}

/// Ms since the epoch → `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn datetime_to_str(ms: i64) -> String {
    let (days, rest) = split_ms(ms);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = hms(rest);
    format!(
        "{}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z",
        year4(y)
    )
}

fn year4(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", y.unsigned_abs())
    } else {
        format!("{y:04}")
    }
}

/// Ms since the epoch → (days, ms into that day), the days clamped to the handled range.
pub(crate) fn split_ms(ms: i64) -> (i64, i64) {
    (
        ms.div_euclid(MS_PER_DAY).clamp(-MAX_DAYS, MAX_DAYS),
        ms.rem_euclid(MS_PER_DAY),
    )
}

fn hms(ms_of_day: i64) -> (i64, i64, i64, i64) {
    let s = ms_of_day / 1000;
    (s / 3600, (s / 60) % 60, s % 60, ms_of_day % 1000)
}

/// Fractional days → ms, `None` when not finite or outside the handled range.
pub(crate) fn days_f64_to_ms(days: f64) -> Option<i64> {
    let limit = MAX_DAYS as f64;
    if !days.is_finite() || days.abs() > limit {
        return None;
    }
    Some((days * MS_PER_DAY as f64).round() as i64)
}

/// Fractional days → whole days (the day they fall in), `None` when not finite or too large.
pub(crate) fn days_f64_to_days(days: f64) -> Option<i64> {
    let limit = MAX_DAYS as f64;
    if !days.is_finite() || days.abs() > limit {
        return None;
    }
    Some(days.floor() as i64)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// `format-date` / `format-date-time`: `%Y` year, `%y` two-digit year, `%m` month 01-12, `%n`
/// month 1-12, `%b` short month name, `%d` day 01-31, `%e` day 1-31, `%H` hour 00-23, `%h`
/// hour 0-23, `%M` minute, `%S` second, `%3` milliseconds, `%a` short weekday name. Any other
/// `%x` is kept as written.
pub(crate) fn format(ms: i64, pattern: &str) -> String {
    let (days, rest) = split_ms(ms);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = hms(rest);
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&year4(y)),
            Some('y') => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            Some('m') => out.push_str(&format!("{m:02}")),
            Some('n') => out.push_str(&m.to_string()),
            Some('b') => {
                let idx = usize::try_from(m.saturating_sub(1)).unwrap_or(0);
                out.push_str(MONTHS.get(idx).copied().unwrap_or(""));
            }
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('e') => out.push_str(&d.to_string()),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('h') => out.push_str(&h.to_string()),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('3') => out.push_str(&format!("{milli:03}")),
            Some('a') => {
                let idx = usize::try_from(days.rem_euclid(7)).unwrap_or(0);
                out.push_str(WEEKDAYS.get(idx).copied().unwrap_or(""));
            }
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(i64::MAX).0, civil_from_days(MAX_DAYS).0);
    }

    #[test]
    fn reads_and_writes_dates() {
        assert_eq!(date_from_str("1970-01-02"), Some(1));
        assert_eq!(date_from_str(" 2024-02-29 "), Some(19_782));
        assert_eq!(date_from_str("2023-02-29"), None);
        assert_eq!(date_from_str("2024-13-01"), None);
        assert_eq!(date_from_str("2024-1-01"), None);
        assert_eq!(date_from_str("2024-01-01T00:00"), None);
        assert_eq!(date_to_str(19_782), "2024-02-29");
        assert_eq!(date_to_str(-1), "1969-12-31");
    }

    #[test]
    fn reads_and_writes_datetimes() {
        assert_eq!(datetime_from_str("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(datetime_from_str("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(
            datetime_from_str("1970-01-01T00:00:00.123-00:30"),
            Some(1_800_123)
        );
        assert_eq!(datetime_from_str("1970-01-01T00:00"), Some(0));
        assert_eq!(datetime_from_str("1970-01-02"), Some(MS_PER_DAY));
        assert_eq!(datetime_from_str("1970-01-01T25:00"), None);
        assert_eq!(datetime_from_str("1970-01-01T10:00:00.Z"), None);
        assert_eq!(datetime_to_str(1_500), "1970-01-01T00:00:01.500Z");
        assert_eq!(datetime_to_str(-1), "1969-12-31T23:59:59.999Z");
        assert!(datetime_to_str(i64::MIN).starts_with('-'));
        assert!(datetime_to_str(i64::MAX).ends_with('Z'));
        assert_eq!(time_from_str("12:30"), Some(45_000_000));
        assert_eq!(
            time_from_str("00:30:00+01:00"),
            Some(MS_PER_DAY - 1_800_000)
        );
    }

    #[test]
    fn formats_like_odk() {
        let ms = datetime_from_str("2024-03-05T07:08:09.010Z").unwrap();
        assert_eq!(format(ms, "%Y-%m-%d %e %n %b %a"), "2024-03-05 5 3 Mar Tue");
        assert_eq!(
            format(ms, "%H:%M:%S.%3 %h %y %q %"),
            "07:08:09.010 7 24 %q %"
        );
    }
}
