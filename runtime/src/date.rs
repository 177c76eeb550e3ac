//! Instants as HTTP writes them: IMF-fixdates (`Sun, 06 Nov 1994 08:49:37 GMT`) for
//! `expires`, `last-modified` and the conditional request headers, and whole seconds
//! since 1970 before 1970 too (which `SystemTime` arithmetic and `httpdate` do not give).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The length of an IMF-fixdate with a four-digit year.
pub(crate) const HTTP_DATE_LEN: usize = 29;

/// Seconds since 1970 rounded towards the past, and the nanoseconds past them: `-0.5 s`
/// is `(-1, 500_000_000)`. Saturates at `i64::MAX` seconds either way.
pub(crate) fn unix_parts(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(before) => {
            let d = before.duration();
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() == 0 {
                (-secs, 0)
            } else {
                (-secs.saturating_add(1), 1_000_000_000 - d.subsec_nanos())
            }
        }
    }
}

/// The instant `secs` seconds after (or before) 1970.
pub(crate) fn from_unix_seconds(secs: i64) -> SystemTime {
    let d = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH + d
    } else {
        UNIX_EPOCH - d
    }
}

/// `t` as an IMF-fixdate, for any instant of the years 0000 to 9999 (`None` outside), into
/// a fixed array of ASCII, without formatting machinery.
pub(crate) fn http_date(t: SystemTime) -> Option<[u8; HTTP_DATE_LEN]> {
    let (secs, _) = unix_parts(t);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    const WEEKDAYS: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month_name = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
    // Every number here is in 0..=9999, so its digits are `n % 10` and up.
    let digit = |n: i64, place: i64| b'0' + (n / place % 10) as u8;
    let mut out = *b"Thu, 01 Jan 1970 00:00:00 GMT";
    out[0..3].copy_from_slice(weekday);
    out[5] = digit(day, 10);
    out[6] = digit(day, 1);
    out[8..11].copy_from_slice(month_name);
    for (i, place) in [1000, 100, 10, 1].into_iter().enumerate() {
        out[12 + i] = digit(year, place);
    }
    for (at, n) in [(17, rem / 3600), (20, rem % 3600 / 60), (23, rem % 60)] {
        out[at] = digit(n, 10);
        out[at + 1] = digit(n, 1);
    }
    Some(out)
}

/// [`http_date`] as text.
pub(crate) fn http_date_string(t: SystemTime) -> Option<String> {
    http_date(t).map(|bytes| bytes.iter().map(|&b| char::from(b)).collect())
}

/// A header's HTTP date (any of the three forms RFC 9110 §5.6.7 accepts) in seconds since
/// 1970; `None` when it is not a valid date.
pub(crate) fn parse_http_date(value: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(value).ok()?;
    let t = httpdate::parse_http_date(text).ok()?;
    Some(unix_parts(t).0)
}

/// Year, month (1..=12) and day (1..=31) of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn http_dates_match_httpdate_and_reach_before_1970() {
        for secs in [
            0u64,
            1,
            86_399,
            86_400,
            951_782_400,
            1_700_000_000,
            2_000_000_000,
            253_402_300_799,
        ] {
            let t = at(secs);
            assert_eq!(
                http_date_string(t).unwrap(),
                httpdate::fmt_http_date(t),
                "{secs}"
            );
        }
        let t = UNIX_EPOCH - Duration::from_secs(86_400 * 365);
        assert_eq!(
            http_date_string(t).unwrap(),
            "Wed, 01 Jan 1969 00:00:00 GMT"
        );
        // 0000-03-01 and the day before (year 0 is a leap year)
        let t = UNIX_EPOCH - Duration::from_secs(62_162_035_200);
        assert_eq!(
            http_date_string(t).unwrap(),
            "Wed, 01 Mar 0000 00:00:00 GMT"
        );
        assert_eq!(
            http_date_string(t - Duration::from_secs(1)).unwrap(),
            "Tue, 29 Feb 0000 23:59:59 GMT"
        );
        assert!(http_date(UNIX_EPOCH - Duration::from_secs(62_167_219_201)).is_none());
        assert!(http_date(at(253_402_300_800)).is_none());
        // Every field of the date, over instants spread across 1970..=9999.
        let mut x = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let t = at(x % 253_402_300_800);
            assert_eq!(http_date_string(t).unwrap(), httpdate::fmt_http_date(t));
        }
    }

    #[test]
    fn seconds_round_towards_the_past() {
        assert_eq!(unix_parts(at(5)), (5, 0));
        let half_before = UNIX_EPOCH - Duration::from_millis(500);
        assert_eq!(unix_parts(half_before), (-1, 500_000_000));
        assert_eq!(unix_parts(UNIX_EPOCH - Duration::from_secs(3)), (-3, 0));
        assert_eq!(from_unix_seconds(-3), UNIX_EPOCH - Duration::from_secs(3));
        assert_eq!(from_unix_seconds(7), at(7));
    }

    #[test]
    fn header_dates_parse_or_are_ignored() {
        assert_eq!(
            parse_http_date(b"Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_http_date(b"yesterday"), None);
        assert_eq!(parse_http_date(b"\xff"), None);
    }
}
