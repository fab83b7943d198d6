//! Calendar dates and instants, enough for waiver expiry and evidence age.
//!
//! The gate only needs whole days and seconds since the Unix epoch in UTC, so it keeps its own
//! small civil-calendar arithmetic instead of a date library.

use std::fmt;

/// A calendar date (proleptic Gregorian), as written in TOML (`2027-01-15`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// A date if `year-month-day` exists in the calendar.
    #[must_use]
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
        let year = i32::try_from(num(0..4)?).ok()?;
        Self::new(year, num(5..7)?, num(8..10)?)
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date a number of days after the epoch.
    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "ranges are bounded by the algorithm"
        )]
        Self { year: year as i32, month: month as u32, day: day as u32 }
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    #[must_use]
    pub fn days_until(self, other: Self) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An instant, as seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

impl Instant {
    /// The current time from the system clock.
    #[must_use]
    pub fn now() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Self(secs)
    }

    /// Parses an RFC 3339 timestamp (`2026-12-01T00:00:00Z`, `…+02:00`, fractional seconds
    /// allowed and truncated). A bare date means its midnight UTC.
    #[must_use]
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() == 10 {
            return Date::parse(text).map(|d| Self(d.days_since_epoch() * 86_400));
        }
        let date = Date::parse(text.get(..10)?)?;
        let rest = text.get(10..)?;
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let num = |s: &str| s.parse::<i64>().ok().filter(|_| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()));
        let (h, m, s) = (num(rest.get(0..2)?)?, num(rest.get(3..5)?)?, num(rest.get(6..8)?)?);
        if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || h > 23 || m > 59 || s > 60 {
            return None;
        }
        let mut tail = rest.get(8..)?;
        if let Some(frac) = tail.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            tail = &frac[digits..];
        }
        let offset = match tail {
            "Z" | "z" => 0,
            _ => {
                let sign = match tail.get(..1)? {
                    "+" => 1,
                    "-" => -1,
                    _ => return None,
                };
                if tail.len() != 6 || tail.get(3..4)? != ":" {
                    return None;
                }
                let (oh, om) = (num(tail.get(1..3)?)?, num(tail.get(4..6)?)?);
                sign * (oh * 3600 + om * 60)
            }
        };
        Some(Self(date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + s - offset))
    }

    /// The UTC calendar date of this instant.
    #[must_use]
    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(86_400))
    }

    /// RFC 3339 in UTC with a `Z` suffix, second precision.
    #[must_use]
    pub fn to_rfc3339(self) -> String {
        let secs = self.0.rem_euclid(86_400);
        format!("{}T{:02}:{:02}:{:02}Z", self.date(), secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// The clock in nanoseconds since the Unix epoch (0 before it), for comparing with file times
/// (`fsio::Stamp`). The one read of the clock besides [`Instant::now`].
#[must_use]
pub fn unix_nanos_now() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for text in ["1970-01-01", "2000-02-29", "2026-11-21", "2027-06-01", "1969-12-31"] {
            let d = Date::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
            assert_eq!(d.to_string(), text);
        }
        assert_eq!(Date::parse("1970-01-02").map(Date::days_since_epoch), Some(1));
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-01-01").is_none());
    }

    #[test]
    fn rfc3339_instants() {
        let z = Instant::parse_rfc3339("2026-12-01T00:00:00Z");
        assert_eq!(z.map(Instant::to_rfc3339).as_deref(), Some("2026-12-01T00:00:00Z"));
        assert_eq!(Instant::parse_rfc3339("2026-12-01T02:00:00.123+02:00"), z);
        assert_eq!(Instant::parse_rfc3339("2026-12-01"), z);
        for bad in ["2026-12-01T00:00Z", "yesterday", "2026-12-01T25:00:00Z", "2026-12-01T00:00:00"] {
            assert!(Instant::parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
