//! Status codes: the range accepted, and the statuses that carry no content.

use std::ops::RangeInclusive;

/// The status codes a response may have: RFC 9110 §15, "all valid status codes are within
/// the range of 100 to 599, inclusive". The derive and the runtime both refuse the rest
/// (`http::StatusCode` alone would take up to 999).
///
/// ```
/// assert!(responses_rules::STATUS_CODES.contains(&599));
/// ```
pub const STATUS_CODES: RangeInclusive<u16> = 100..=599;

/// `code` as a status, or the message saying why not.
///
/// # Errors
///
/// A code outside [`STATUS_CODES`], and 101 Switching Protocols: switching is the server's
/// upgrade machinery (hyper takes a 101 as the start of an upgrade, and the connection is
/// no longer HTTP), not a response a class can build.
///
/// ```
/// assert_eq!(responses_rules::status(201), Ok(201));
/// assert_eq!(responses_rules::status(600).unwrap_err(), "600 is not a status code in 100..=599");
/// assert!(responses_rules::status(101).is_err());
/// ```
pub fn status(code: u64) -> Result<u16, String> {
    match u16::try_from(code) {
        Ok(101) => Err(
            "101 Switching Protocols belongs to the server's upgrade of the connection; a response cannot have it"
                .to_owned(),
        ),
        Ok(code) if STATUS_CODES.contains(&code) => Ok(code),
        _ => Err(format!("{code} is not a status code in 100..=599")),
    }
}

/// Whether a response with this status may carry content: not 1xx, 204 or 304 (RFC 9110
/// §6.4.1, §15.3.5, §15.4.5).
///
/// ```
/// assert!(!responses_rules::status_allows_body(204));
/// assert!(responses_rules::status_allows_body(205));
/// ```
pub fn status_allows_body(code: u16) -> bool {
    !((100..200).contains(&code) || code == 204 || code == 304)
}

/// Whether a server may generate content with this status: not 1xx, 204 or 304, nor 205
/// (RFC 9110 §15.3.6: "a server MUST NOT generate content in a 205 response"). A 205 is
/// framed as any other status ([`status_allows_body`]: Starlette's classes send what they
/// are given), but the derive and `#[endpoint]` refuse content on it, and an endpoint's
/// 205 is sent empty, as FastAPI sends it.
///
/// ```
/// assert!(!responses_rules::status_allows_content(205));
/// assert!(!responses_rules::status_allows_content(204));
/// assert!(responses_rules::status_allows_content(200));
/// ```
pub fn status_allows_content(code: u16) -> bool {
    status_allows_body(code) && code != 205
}
