//! Cookies, as `tests/properties.rs` property 7: `Cookie::encoded(key, value)` with a
//! valid key always gives a valid `set-cookie` whose value percent-decodes back to the
//! text; and any `Cookie::new(key, value)` with any path and domain never panics and, when
//! accepted, has no CR, LF or NUL.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode;
use responses::Cookie;
use responses_fuzz::{has_cr_lf_nul, is_valid_cookie_key};

#[derive(Arbitrary, Debug)]
struct Input {
    key: String,
    value: String,
    path: Option<String>,
    domain: Option<String>,
}

fuzz_target!(|input: Input| {
    // `encoded` encodes the value only: a key that is not a valid name is an error (checked
    // below with `Cookie::new`), so the encoded cookie gets a valid one.
    let key = if is_valid_cookie_key(&input.key) {
        input.key.clone()
    } else {
        "k".to_owned()
    };
    let cookie = Cookie::encoded(key.clone(), &input.value);
    let decoded: Vec<u8> = percent_decode(cookie.value().as_bytes()).collect();
    assert_eq!(decoded, input.value.as_bytes());
    let header = cookie
        .to_header_value()
        .unwrap_or_else(|e| panic!("encoded cookie refused: {e}"));
    let header = header.to_str().expect("an encoded cookie is ASCII");
    let rest = header
        .strip_prefix(&format!("{key}="))
        .unwrap_or_else(|| panic!("{header:?} does not start with the key"));
    let written = rest.split(';').next().unwrap_or_default();
    let written = written
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .unwrap_or(written);
    let decoded: Vec<u8> = percent_decode(written.as_bytes()).collect();
    assert_eq!(decoded, input.value.as_bytes(), "header {header:?}");

    let mut raw = Cookie::new(input.key.clone(), input.value.clone());
    if let Some(p) = &input.path {
        raw = raw.path(p.clone());
    }
    if let Some(d) = &input.domain {
        raw = raw.domain(d.clone());
    }
    for value in [raw.to_header_value(), raw.to_removal_header_value()] {
        if let Ok(value) = value {
            assert!(!has_cr_lf_nul(value.as_bytes()), "CR/LF/NUL in {value:?}");
        }
    }
});
