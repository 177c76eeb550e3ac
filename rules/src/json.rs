//! serde_json's string escapes, for the runtime's JSON writer and for the keys the derive
//! escapes at compile time: one table, so that both write serde_json's bytes.

/// serde_json's escape of each byte: `b'u'` for `\u00XX` (lower-case hex), the letter of a
/// short escape (`\b \t \n \f \r \" \\`), 0 for a byte written as it is (every byte from
/// 0x20 up but `"` and `\`, non-ASCII UTF-8 included).
///
/// ```
/// use responses_rules::JSON_ESCAPE;
///
/// assert_eq!(JSON_ESCAPE[b'\n' as usize], b'n');
/// assert_eq!(JSON_ESCAPE[0x01], b'u');
/// assert_eq!(JSON_ESCAPE[b'a' as usize], 0);
/// ```
pub static JSON_ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Appends the escape of `byte`, whose [`JSON_ESCAPE`] entry is `escape` (not 0).
///
/// ```
/// let mut out = Vec::new();
/// responses_rules::push_json_escape(&mut out, 0x1f, b'u');
/// responses_rules::push_json_escape(&mut out, b'"', b'"');
/// assert_eq!(out, b"\\u001f\\\"");
/// ```
#[inline]
pub fn push_json_escape(out: &mut Vec<u8>, byte: u8, escape: u8) {
    if escape == b'u' {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(byte >> 4) as usize],
            HEX[(byte & 0xF) as usize],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

/// Appends `value` as a JSON string (quotes included), escaped as serde_json escapes it,
/// byte by byte (the runtime's `json::write_str` writes the same bytes, eight at a time).
///
/// ```
/// let mut out = Vec::new();
/// responses_rules::push_json_str(&mut out, "a\"b\t\u{1}é");
/// assert_eq!(out, "\"a\\\"b\\t\\u0001é\"".as_bytes());
/// ```
pub fn push_json_str(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    for &byte in value.as_bytes() {
        match JSON_ESCAPE[byte as usize] {
            0 => out.push(byte),
            escape => push_json_escape(out, byte, escape),
        }
    }
    out.push(b'"');
}
