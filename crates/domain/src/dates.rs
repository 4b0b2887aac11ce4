//! Dates and times as people type them (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`), read as UTC: the one
//! parser behind forms, the JSON API and imported files, failing with an error that names the field.

use crate::{FieldError, Timestamp};

/// A calendar date `YYYY-MM-DD`, as the start of that day in UTC. Month and day may have one
/// digit (`2026-3-1`), as spreadsheets often write them; a day the month does not have
/// (`2026-02-30`) is refused.
pub fn parse_date(field: &'static str, raw: &str) -> Result<Timestamp, FieldError> {
    let format =
        time::macros::format_description!("[year]-[month padding:none]-[day padding:none]");
    let date =
        time::Date::parse(raw.trim(), &format).map_err(|_| FieldError::new(field, "error-date"))?;
    Ok(Timestamp(date.midnight().assume_utc().unix_timestamp()))
}

/// A date and time `YYYY-MM-DDTHH:MM` (what a browser's date-time field sends), or with a space
/// instead of the `T`, in UTC.
pub fn parse_datetime(field: &'static str, raw: &str) -> Result<Timestamp, FieldError> {
    let raw = raw.trim();
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let spaced = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    let t = time::PrimitiveDateTime::parse(raw, &format)
        .or_else(|_| time::PrimitiveDateTime::parse(raw, &spaced))
        .map_err(|_| FieldError::new(field, "error-datetime"))?;
    Ok(Timestamp(t.assume_utc().unix_timestamp()))
}

/// An instant in RFC 3339 (`2014-03-25T12:00:00Z`, or with an offset), as APIs send it.
pub fn parse_rfc3339(field: &'static str, raw: &str) -> Result<Timestamp, FieldError> {
    time::OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .map(|t| Timestamp(t.unix_timestamp()))
        .map_err(|_| FieldError::new(field, "error-datetime"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-01T00:00:00Z.
    const MARCH_1: i64 = 1_772_323_200;
    const DAY: i64 = 86_400;

    fn date_error(field: &'static str) -> FieldError {
        FieldError::new(field, "error-date")
    }

    #[test]
    fn rfc3339_instants() {
        assert_eq!(
            parse_rfc3339("f", "2026-03-01T01:00:00+01:00"),
            Ok(Timestamp(MARCH_1))
        );
        assert_eq!(
            parse_rfc3339("f", "2026-03-01T00:00:00Z"),
            Ok(Timestamp(MARCH_1))
        );
        assert!(parse_rfc3339("f", "2026-03-01").is_err());
    }

    #[test]
    fn a_date_is_the_start_of_that_day_in_utc() {
        assert_eq!(parse_date("d", "2026-03-01"), Ok(Timestamp(MARCH_1)));
        assert_eq!(parse_date("d", " 2026-03-01\n"), Ok(Timestamp(MARCH_1)));
        assert_eq!(parse_date("d", "2026-3-1"), Ok(Timestamp(MARCH_1)));
        assert_eq!(parse_date("d", "1970-01-01"), Ok(Timestamp(0)));
        assert_eq!(parse_date("d", "2000-03-01"), Ok(Timestamp(11_017 * DAY)));
        assert_eq!(parse_date("d", "2028-02-29"), Ok(Timestamp(1_835_395_200)));
    }

    #[test]
    fn a_date_that_is_not_in_the_calendar_is_refused_naming_the_field() {
        for bad in [
            "2026-13-01",
            "2026-00-10",
            "2026-02-30",
            "2027-02-29",
            "2026-04-31",
            "2026-01-00",
        ] {
            assert_eq!(
                parse_date("starts_on", bad),
                Err(date_error("starts_on")),
                "{bad}"
            );
        }
    }

    #[test]
    fn garbage_and_nothing_are_refused() {
        for bad in [
            "",
            "   ",
            "1 March",
            "26-11-2026",
            "2026/03/01",
            "2026-03-01x",
            "2026-03-01T19:30",
            "2026-003-01",
            "02026-03-01",
            "2026-+3-01",
            "tomorrow",
        ] {
            assert_eq!(
                parse_date("due_on", bad),
                Err(date_error("due_on")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_date_and_time_is_read_in_utc() {
        let evening = Timestamp(MARCH_1 + 19 * 3600 + 30 * 60);
        assert_eq!(parse_datetime("t", "2026-03-01T19:30"), Ok(evening));
        assert_eq!(parse_datetime("t", " 2026-03-01 19:30 "), Ok(evening));
        for bad in [
            "",
            "2026-03-01",
            "2026-03-01T25:00",
            "2026-03-01T19:60",
            "2026-02-30T10:00",
            "2026-13-01T10:00",
            "19:30",
            "garbage",
        ] {
            assert_eq!(
                parse_datetime("held_at", bad),
                Err(FieldError::new("held_at", "error-datetime")),
                "{bad:?}"
            );
        }
    }
}
