//! The derive and the runtime accept exactly the same values: the derive's checks are the
//! functions of `responses_rules` (the macro crate calls nothing else), so every value here
//! goes through those functions and through the runtime's conversions, and both must give
//! the same verdict, with the same message.

use responses::{Charset, IntoHeaderName, IntoHeaderValue, IntoStatusCode, MediaType};

#[test]
fn statuses_agree() {
    for code in [
        0u16,
        1,
        99,
        100,
        101,
        199,
        200,
        204,
        304,
        418,
        599,
        600,
        999,
        1000,
        u16::MAX,
    ] {
        let derive = responses_rules::status(u64::from(code));
        let runtime = code.into_status_code();
        assert_eq!(derive.is_ok(), runtime.is_ok(), "{code}");
        if let (Err(message), Err(err)) = (&derive, &runtime) {
            assert_eq!(err.message(), message, "{code}");
        }
        if let Ok(status) = runtime {
            assert_eq!(
                responses_rules::status_allows_body(code),
                responses::headers::status_allows_body(status),
                "{code}"
            );
        }
    }
    // A status the `http` crate takes (up to 999) is refused by both.
    let beyond = http::StatusCode::from_u16(700).unwrap();
    assert!(beyond.into_status_code().is_err());
    assert!(responses_rules::status(700).is_err());
}

#[test]
fn media_types_agree() {
    for text in [
        "text/html",
        "Text/HTML; level=1",
        "application/vnd.api+json",
        "text/plain; charset=latin-1",
        "text/plain;",
        "text/plain; a=\"q\\\"uoted\"",
        "",
        "text",
        "text/",
        "/plain",
        "text/plain;x",
        "text/plain; =x",
        "text/plain; a=",
        "text/plain; a=\"x",
        "text/plain; a=\"\u{e9}\"",
        "a b/c",
        "text/plain extra",
        "text/pl\u{e9}in",
        "text/plain\r\nx-injected: 1",
    ] {
        let derive = responses_rules::parse_media_type(text);
        let runtime = MediaType::new(text);
        assert_eq!(derive.is_ok(), runtime.is_ok(), "{text:?}");
        if let (Err(why), Err(err)) = (&derive, &runtime) {
            assert!(
                err.message().ends_with(&why.to_string()),
                "{text:?}: {err} / {why}"
            );
        }
    }
}

#[test]
fn charsets_agree() {
    for label in [
        "utf-8",
        "UTF8",
        "latin-1",
        "ISO-8859-1",
        "iso88591",
        "ascii",
        "US-ASCII",
        "cp1252",
        "windows-1252",
        "shift_jis",
        "utf-16le",
        "klingon",
        "",
        " utf-8",
        "utf 8",
        "é",
    ] {
        let derive = responses_rules::charset(label);
        let runtime = Charset::new(label);
        assert_eq!(derive.is_ok(), runtime.is_ok(), "{label:?}");
        if let (Err(why), Err(err)) = (derive, &runtime) {
            assert_eq!(err.message(), why.message(label), "{label:?}");
        }
    }
}

#[test]
fn header_names_and_values_agree() {
    for name in [
        "x-request-id",
        "X-Request-Id",
        "",
        "a b",
        "a:b",
        "x\r\ny",
        "é",
        "a\0",
        "~!#$%&'*+-.^_`|",
    ] {
        let derive = responses_rules::header_name(name);
        let runtime = name.into_header_name();
        assert_eq!(derive.is_ok(), runtime.is_ok(), "{name:?}");
        if let (Ok(lower), Ok(parsed)) = (&derive, &runtime) {
            assert_eq!(lower, parsed.as_str(), "{name:?}");
        }
    }
    let mut values: Vec<String> = vec![
        "no-store".into(),
        "café".into(),
        "a\tb".into(),
        "".into(),
        "€".into(),
        "\u{ff}".into(),
        "\u{100}".into(),
        "a\r\nb".into(),
    ];
    // Every single character up to U+0100: controls, DEL, Latin-1.
    values.extend(
        (0u32..=0x100)
            .filter_map(char::from_u32)
            .map(|c| format!("x{c}y")),
    );
    for value in &values {
        let derive = responses_rules::header_value(value);
        let runtime = value.as_str().into_header_value();
        assert_eq!(derive.is_ok(), runtime.is_ok(), "{value:?}");
        match (derive, runtime) {
            (Ok(responses_rules::HeaderValueBytes::Ascii(text)), Ok(v)) => {
                assert_eq!(text.as_bytes(), v.as_bytes(), "{value:?}")
            }
            (Ok(responses_rules::HeaderValueBytes::Latin1(bytes)), Ok(v)) => {
                assert_eq!(bytes, v.as_bytes(), "{value:?}")
            }
            (Err(message), Err(err)) => assert_eq!(err.message(), message, "{value:?}"),
            _ => unreachable!("verdicts compared above"),
        }
    }
}
