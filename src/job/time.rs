//! UTC timestamps and calendar dates for the job's records: "now", ISO 8601 text, and the day
//! comparisons of clearance expiry. The calendar itself is the `time` crate's.

use crate::{Error, Result};
use std::fmt;

/// A moment in UTC, to the second. Passed into the job rather than read from the system clock
/// inside it, so that tests (and re-runs) can choose "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The system clock's current time.
    pub fn now() -> Timestamp {
        Timestamp(time::OffsetDateTime::now_utc().unix_timestamp())
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn from_unix(secs: i64) -> Timestamp {
        Timestamp(secs)
    }

    /// The UTC calendar date this moment falls on.
    pub fn date(self) -> Date {
        Date {
            days: self.0.div_euclid(86_400),
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (what [`fmt::Display`] writes) or a bare `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Timestamp> {
        let s = s.trim();
        let bad = || {
            Error::Invalid(format!(
                "{s:?} is not a UTC time: write YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD"
            ))
        };
        let (day, rest) = match s.split_once('T') {
            Some((d, r)) => (d, Some(r)),
            None => (s, None),
        };
        let date = Date::parse(day).map_err(|_| bad())?;
        let mut secs = date.days * 86_400;
        if let Some(rest) = rest {
            let hms = rest.strip_suffix('Z').ok_or_else(bad)?;
            let parts: Vec<&str> = hms.split(':').collect();
            if parts.len() != 3 || parts.iter().any(|p| p.len() != 2) {
                return Err(bad());
            }
            let n: Vec<i64> = parts
                .iter()
                .map(|p| p.parse::<i64>().map_err(|_| bad()))
                .collect::<Result<_>>()?;
            if n[0] > 23 || n[1] > 59 || n[2] > 59 {
                return Err(bad());
            }
            secs += n[0] * 3600 + n[1] * 60 + n[2];
        }
        Ok(Timestamp(secs))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// A calendar date (proleptic Gregorian), held as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    days: i64,
}

impl Date {
    /// The date `year-month-day`, or `None` when there is no such day.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(
            i32::try_from(year).ok()?,
            month,
            u8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Date {
            days: i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY),
        })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date> {
        let s = s.trim();
        let bad = || Error::Invalid(format!("{s:?} is not a date: write YYYY-MM-DD"));
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i64 = parts[0].parse().map_err(|_| bad())?;
        let month: u32 = parts[1].parse().map_err(|_| bad())?;
        let day: u32 = parts[2].parse().map_err(|_| bad())?;
        Date::from_ymd(year, month, day).ok_or_else(bad)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        self.days
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        Date { days }
    }

    /// Year, month (1-12) and day (1-31).
    pub fn ymd(self) -> (i64, u32, u32) {
        // Days that `time` cannot represent (beyond year ±9999) do not occur in the job's records;
        // clamp rather than panic.
        let julian = (self.days + i64::from(UNIX_EPOCH_JULIAN_DAY)).clamp(
            i64::from(time::Date::MIN.to_julian_day()),
            i64::from(time::Date::MAX.to_julian_day()),
        ) as i32;
        let d = time::Date::from_julian_day(julian).unwrap_or(time::Date::MIN);
        (
            i64::from(d.year()),
            u8::from(d.month()).into(),
            d.day().into(),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = time::OffsetDateTime::UNIX_EPOCH.date().to_julian_day();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for days in -100_000..100_000 {
            let d = Date::from_days_since_epoch(days);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d), "{days}");
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2000-03-01").unwrap().days_since_epoch(),
            11_017
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for s in [
            "2025-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-1-01",
            "24-01-01",
            "tomorrow",
        ] {
            assert!(Date::parse(s).is_err(), "{s}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn timestamps_print_and_parse() {
        let t = Timestamp::parse("2026-11-22T12:24:34Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T12:24:34Z");
        assert_eq!(t.date().to_string(), "2026-11-22");
        assert_eq!(
            Timestamp::parse("2026-11-22").unwrap().to_string(),
            "2026-11-22T00:00:00Z"
        );
        assert!(Timestamp::parse("2026-11-22T25:00:00Z").is_err());
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
    }
}
