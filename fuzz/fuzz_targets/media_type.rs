//! Media types and charsets, as `tests/properties.rs` property 8: `MediaType::new` and
//! `Charset::new` never panic on any text; `responses_rules::parse_media_type` and
//! `MediaType::new` accept the same texts; and a response with that media type or charset
//! either fails with a typed error or has clean header values.

#![no_main]

use libfuzzer_sys::fuzz_target;
use responses::{Charset, ErrorKind, IntoHttp, MediaType, PlainTextResponse, Response};
use responses_fuzz::assert_header_values;

fuzz_target!(|text: String| {
    let runtime = MediaType::new(text.clone());
    let rules = responses_rules::parse_media_type(&text);
    assert_eq!(
        rules.is_ok(),
        runtime.is_ok(),
        "{text:?}: rules {:?}, runtime {:?}",
        rules.as_ref().err().map(ToString::to_string),
        runtime.as_ref().err().map(ToString::to_string)
    );
    if let Err(e) = &runtime {
        assert_eq!(e.kind(), ErrorKind::InvalidMediaType);
    }
    match Charset::new(text.clone()) {
        Ok(charset) => assert!(
            charset.encode("abc").is_ok(),
            "{text:?} cannot encode ASCII"
        ),
        Err(e) => assert_eq!(e.kind(), ErrorKind::UnknownCharset),
    }
    for result in [
        Response::new("x").with_media_type(text.clone()).into_http(),
        PlainTextResponse::new("x")
            .with_charset(text.clone())
            .into_http(),
        PlainTextResponse::new("x")
            .with_media_type(text.clone())
            .with_charset("latin-1")
            .into_http(),
    ] {
        if let Ok(response) = result {
            assert_header_values(&response);
        }
    }
});
