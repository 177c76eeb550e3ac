use std::time::UNIX_EPOCH;

use super::*;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

const NOW: u64 = 2_000_000_000;

fn header(c: &Cookie) -> String {
    let v = c.to_header_value_at(at(NOW)).unwrap();
    String::from_utf8(v.as_bytes().to_vec()).unwrap()
}

#[test]
fn starlette_format() {
    assert_eq!(
        header(&Cookie::new("k", "")),
        "k=\"\"; Path=/; SameSite=lax"
    );
    assert_eq!(
        header(&Cookie::new("k", "v1")),
        "k=v1; Path=/; SameSite=lax"
    );
    let all = Cookie::new("k", "v")
        .max_age(10)
        .expires(Duration::from_secs(10))
        .path("/p")
        .domain("d.com")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::None);
    assert_eq!(
        header(&all),
        "k=v; Domain=d.com; expires=Wed, 18 May 2033 03:33:30 GMT; HttpOnly; Max-Age=10; Path=/p; SameSite=none; Secure"
    );
    assert_eq!(
        header(&all.clone().partitioned(true)),
        "k=v; Domain=d.com; expires=Wed, 18 May 2033 03:33:30 GMT; HttpOnly; Max-Age=10; Partitioned; Path=/p; SameSite=none; Secure"
    );
}

#[test]
fn python_quotes_some_cookie_octets() {
    assert_eq!(
        header(&Cookie::new("k", "(){}[]<>?@/")),
        "k=\"(){}[]<>?@/\"; Path=/; SameSite=lax"
    );
    assert_eq!(
        header(&Cookie::new("k", "a=b")),
        "k=\"a=b\"; Path=/; SameSite=lax"
    );
    assert_eq!(
        header(&Cookie::new("k", "a:b!#$%&'*+-.^_`|~")),
        "k=a:b!#$%&'*+-.^_`|~; Path=/; SameSite=lax"
    );
    // A value the caller quoted is written as given.
    assert_eq!(
        header(&Cookie::new("k", "\"ab\"")),
        "k=\"ab\"; Path=/; SameSite=lax"
    );
}

#[test]
fn invalid_values_are_errors_naming_the_cookie() {
    for bad in [
        "a;b", "a,b", "a b", "a\"b", "a\\b", "é", "€", "a\u{1}", "a\u{7f}", "\"a;\"",
    ] {
        let err = Cookie::new("k", bad).to_header_value().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCookie, "{bad:?}");
        assert!(err.to_string().contains("cookie \"k\""), "{err}");
    }
    let err = Cookie::new("k", "a\u{1}").to_header_value().unwrap_err();
    assert!(err.to_string().contains("control character"), "{err}");
}

#[test]
fn encoded_values_are_valid() {
    let c = Cookie::encoded("k", "a;b, \"é\"\u{1}%");
    assert_eq!(
        header(&c),
        "k=a%3Bb%2C%20%22%C3%A9%22%01%25; Path=/; SameSite=lax"
    );
}

#[test]
fn invalid_keys() {
    assert!(Cookie::new("a:b", "v").to_header_value().is_ok());
    for bad in ["", "a b", "a=b", "a;b", "a,b", "é", "k\n"] {
        let err = Cookie::new(bad, "v").to_header_value().unwrap_err();
        assert!(err.to_string().contains("is not a token"), "{err}");
    }
    for reserved in [
        "Path",
        "max-age",
        "EXPIRES",
        "samesite",
        "Partitioned",
        "httponly",
    ] {
        let err = Cookie::new(reserved, "v").to_header_value().unwrap_err();
        assert!(err.to_string().contains("reserved"), "{err}");
    }
}

#[test]
fn attributes_cannot_inject() {
    let err = Cookie::new("k", "v")
        .path("/a;Domain=evil")
        .to_header_value()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("path of cookie \"k\" may not contain ';'"),
        "{err}"
    );
    assert!(
        Cookie::new("k", "v")
            .domain("d\r\n.com")
            .to_header_value()
            .is_err()
    );
    let err = Cookie::new("k", "v")
        .domain("dé.com")
        .to_header_value()
        .unwrap_err();
    assert!(err.to_string().contains("must be ASCII"), "{err}");
    // space is allowed in a path (RFC 6265 path-value), trailing whitespace is stripped
    assert_eq!(
        header(&Cookie::new("k", "v").path("/a b").same_site(None)),
        "k=v; Path=/a b"
    );
    assert_eq!(
        header(&Cookie::new("k", "v").path("/x ").same_site(None)),
        "k=v; Path=/x"
    );
}

#[test]
fn empty_path_and_domain_are_left_out() {
    assert_eq!(
        header(&Cookie::new("k", "v").path("").domain("")),
        "k=v; SameSite=lax"
    );
    assert_eq!(
        header(&Cookie::new("k", "v").no_path().same_site(None)),
        "k=v"
    );
}

#[test]
fn expires_forms() {
    let c = Cookie::new("k", "v").expires(Duration::ZERO);
    assert_eq!(
        header(&c),
        "k=v; expires=Wed, 18 May 2033 03:33:20 GMT; Path=/; SameSite=lax"
    );
    let c = Cookie::new("k", "v").expires(at(NOW - 3600));
    assert_eq!(
        header(&c),
        "k=v; expires=Wed, 18 May 2033 02:33:20 GMT; Path=/; SameSite=lax"
    );
    // 2037-01-22 12:00:10 UTC, as in Starlette's own test
    let c = Cookie::new("k", "v").expires(at(2_116_238_410));
    assert_eq!(
        header(&c),
        "k=v; expires=Thu, 22 Jan 2037 12:00:10 GMT; Path=/; SameSite=lax"
    );
    let before_epoch = UNIX_EPOCH - Duration::from_millis(1);
    assert_eq!(
        header(
            &Cookie::new("k", "v")
                .expires(before_epoch)
                .same_site(None)
                .no_path()
        ),
        "k=v; expires=Wed, 31 Dec 1969 23:59:59 GMT"
    );
    let year_10000 = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
    assert!(
        Cookie::new("k", "v")
            .expires(year_10000)
            .to_header_value()
            .is_err()
    );
    assert!(
        Cookie::new("k", "v")
            .expires(year_10000 - Duration::from_secs(1))
            .to_header_value()
            .is_ok()
    );
    let huge = Cookie::new("k", "v").expires(Duration::MAX);
    assert_eq!(
        huge.to_header_value().unwrap_err().kind(),
        ErrorKind::InvalidCookie
    );
}

#[test]
fn removal() {
    let c = Cookie::named("k")
        .path("/p")
        .domain("d.com")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict);
    assert_eq!(
        c.to_removal_header_value().unwrap(),
        "k=\"\"; Domain=d.com; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/p; SameSite=strict; Secure"
    );
    // the value and expiry of the cookie given do not matter
    let c = Cookie::new("k", "v")
        .max_age(5)
        .expires(Duration::from_secs(9));
    assert_eq!(
        c.to_removal_header_value().unwrap(),
        "k=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax"
    );
    let p = Cookie::named("k")
        .partitioned(true)
        .secure(true)
        .same_site(SameSite::None);
    assert_eq!(
        p.to_removal_header_value().unwrap(),
        "k=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Partitioned; Path=/; SameSite=none; Secure"
    );
}

#[test]
fn same_site_parse() {
    assert_eq!("Strict".parse::<SameSite>().unwrap(), SameSite::Strict);
    assert_eq!("LAX".parse::<SameSite>().unwrap(), SameSite::Lax);
    assert_eq!("none".parse::<SameSite>().unwrap(), SameSite::None);
    let err = "sometimes".parse::<SameSite>().unwrap_err();
    assert!(err.to_string().contains("\"sometimes\""));
}
