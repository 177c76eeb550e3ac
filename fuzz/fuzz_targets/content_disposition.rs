//! `content-disposition` for a random Unicode file name, as `tests/properties.rs`
//! property 5: no CR, LF or NUL, a valid header value, and the name given back exactly —
//! by percent-decoding `filename*=utf-8''…` when there is one, otherwise as the plain
//! `filename="…"`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode;
use responses::file::{ContentDisposition, content_disposition};
use responses_fuzz::has_cr_lf_nul;

fuzz_target!(|name: String| {
    for kind in [ContentDisposition::Attachment, ContentDisposition::Inline] {
        let value = content_disposition(kind, &name);
        assert!(!has_cr_lf_nul(value.as_bytes()), "CR/LF/NUL in {value:?}");
        assert!(
            http::HeaderValue::from_str(&value).is_ok(),
            "not a header value: {value:?}"
        );
        let prefix = format!("{}; filename=\"", kind.as_str());
        assert!(value.starts_with(&prefix), "{value:?}");
        // The real parameter is the last: the quoted fallback before it may contain
        // anything, the encoded name after it no `;` or `'`.
        if let Some((_, encoded)) = value.rsplit_once("; filename*=utf-8''") {
            let decoded: Vec<u8> = percent_decode(encoded.as_bytes()).collect();
            assert_eq!(decoded, name.as_bytes(), "filename* of {value:?}");
            assert!(value.is_ascii(), "{value:?}");
        } else {
            assert_eq!(value, format!("{prefix}{name}\""));
        }
    }
});
