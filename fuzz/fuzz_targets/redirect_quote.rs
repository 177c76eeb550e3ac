//! Redirect quoting, as `tests/properties.rs` property 6: `quote_url` gives visible ASCII
//! only, which percent-decodes back to the URL's UTF-8 bytes when the URL has no `%`; and a
//! `RedirectResponse` to that URL — owned, or `&'static` — never panics and sends exactly
//! the quoted text as `location`.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode;
use responses::redirect::quote_url;
use responses::{IntoHttp, RedirectResponse};
use responses_fuzz::static_ascii;

#[derive(Arbitrary, Debug)]
struct Input {
    url: String,
    /// A `&'static str` URL too: consecutive ASCII characters between these two.
    static_url: (u8, u8),
}

fn check(url: &str, response: RedirectResponse) {
    let quoted = quote_url(url);
    assert!(
        quoted.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "not visible ASCII: {quoted:?}"
    );
    if !url.contains('%') {
        let decoded: Vec<u8> = percent_decode(quoted.as_bytes()).collect();
        assert_eq!(decoded, url.as_bytes(), "{quoted:?} decodes differently");
    }
    let response = response.into_http().expect("a redirect");
    assert_eq!(
        response.headers()["location"].as_bytes(),
        quoted.as_bytes(),
        "location for {url:?}"
    );
}

fuzz_target!(|input: Input| {
    check(&input.url, RedirectResponse::new(input.url.clone()));
    let url = static_ascii(input.static_url.0, input.static_url.1);
    check(url, RedirectResponse::new(url));
});
