//! The media-type grammar of RFC 9110 §8.3.1, and its error messages.

use std::fmt;

use crate::{is_tchar, quote};

/// Characters allowed in a quoted parameter value (ASCII only: header values are sent as
/// bytes, and a media type is ASCII in practice).
fn is_quoted(b: u8) -> bool {
    b == b'\t' || (b' '..=b'~').contains(&b)
}

/// The type and subtype of a media type that [`parse_media_type`] accepted.
///
/// ```
/// let m = responses_rules::parse_media_type("Text/CSV; header=present").unwrap();
/// assert!(m.is_text() && !m.is_json());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaTypeParts<'a> {
    /// The type, as written.
    pub ty: &'a str,
    /// The subtype, as written.
    pub subtype: &'a str,
    /// The value of the first `charset` parameter (any case), without quotes, if any.
    pub charset: Option<&'a str>,
}

impl MediaTypeParts<'_> {
    /// Whether the type is `text` (case-insensitive), so `content-type` takes a charset.
    ///
    /// ```
    /// assert!(responses_rules::parse_media_type("TEXT/plain").unwrap().is_text());
    /// ```
    pub fn is_text(&self) -> bool {
        self.ty.eq_ignore_ascii_case("text")
    }

    /// Whether this is `application/json` or a `+json` type.
    ///
    /// ```
    /// assert!(responses_rules::parse_media_type("application/problem+json").unwrap().is_json());
    /// ```
    pub fn is_json(&self) -> bool {
        let sub = self.subtype.to_ascii_lowercase();
        (self.ty.eq_ignore_ascii_case("application") && sub == "json") || sub.ends_with("+json")
    }
}

/// What is wrong with a media type; each user words its own message from it.
///
/// ```
/// use responses_rules::{MediaTypeError, parse_media_type};
///
/// assert_eq!(parse_media_type("text"), Err(MediaTypeError::NoSlash { ty: "text" }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaTypeError<'a> {
    /// No type before `/`.
    NoType,
    /// A type not followed by `/`.
    NoSlash {
        /// The type.
        ty: &'a str,
    },
    /// Nothing after `type/`.
    NoSubtype {
        /// The type.
        ty: &'a str,
    },
    /// Something other than `; parameter` after `type/subtype` or a parameter.
    Unexpected {
        /// The type.
        ty: &'a str,
        /// The subtype.
        subtype: &'a str,
        /// The text from the unexpected character on.
        rest: &'a str,
    },
    /// A `;` not followed by a parameter name.
    NoParameterName {
        /// The text from where the name should be.
        rest: &'a str,
    },
    /// A parameter name without `=`.
    NoValue {
        /// The parameter.
        name: &'a str,
    },
    /// A quoted value without its closing quote.
    Unterminated {
        /// The parameter.
        name: &'a str,
    },
    /// A character not allowed in a quoted value.
    BadQuotedCharacter {
        /// The parameter.
        name: &'a str,
    },
    /// `name=` with nothing after it.
    EmptyValue {
        /// The parameter.
        name: &'a str,
    },
}

/// Checks `s` against RFC 9110's media-type grammar:
/// `type "/" subtype *( OWS ";" OWS parameter )`, leniently accepting a trailing `;`.
///
/// # Errors
///
/// [`MediaTypeError`] naming the first thing that is wrong.
///
/// ```
/// assert!(responses_rules::parse_media_type("text/plain; format=\"charset=no\"").is_ok());
/// let parts = responses_rules::parse_media_type("text/plain; Charset=\"latin-1\"").unwrap();
/// assert_eq!(parts.charset, Some("latin-1"));
/// assert!(responses_rules::parse_media_type("text/plain; charset").is_err());
/// ```
pub fn parse_media_type(s: &str) -> Result<MediaTypeParts<'_>, MediaTypeError<'_>> {
    let b = s.as_bytes();
    let mut i = 0;
    let token = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && is_tchar(b[*i]) {
            *i += 1;
        }
        &s[start..*i]
    };
    let skip_spaces = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    let ty = token(&mut i);
    if ty.is_empty() {
        return Err(MediaTypeError::NoType);
    }
    if b.get(i) != Some(&b'/') {
        return Err(MediaTypeError::NoSlash { ty });
    }
    i += 1;
    let subtype = token(&mut i);
    if subtype.is_empty() {
        return Err(MediaTypeError::NoSubtype { ty });
    }
    let mut charset = None;
    loop {
        skip_spaces(&mut i);
        if i == b.len() {
            break;
        }
        if b[i] != b';' {
            let rest = &s[i..];
            return Err(MediaTypeError::Unexpected { ty, subtype, rest });
        }
        i += 1;
        skip_spaces(&mut i);
        if i == b.len() {
            // `*( OWS ";" OWS parameter )` wants a parameter after `;`; like most
            // parsers, accept a trailing one.
            break;
        }
        let name = token(&mut i);
        if name.is_empty() {
            return Err(MediaTypeError::NoParameterName { rest: &s[i..] });
        }
        if b.get(i) != Some(&b'=') {
            return Err(MediaTypeError::NoValue { name });
        }
        i += 1;
        let value_start = i;
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(MediaTypeError::Unterminated { name }),
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') if i + 1 < b.len() && is_quoted(b[i + 1]) => i += 2,
                    Some(&c) if is_quoted(c) && c != b'\\' => i += 1,
                    Some(_) => return Err(MediaTypeError::BadQuotedCharacter { name }),
                }
            }
        } else if token(&mut i).is_empty() {
            return Err(MediaTypeError::EmptyValue { name });
        }
        if charset.is_none() && name.eq_ignore_ascii_case("charset") {
            let value = &s[value_start..i];
            charset = Some(
                value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value),
            );
        }
    }
    Ok(MediaTypeParts {
        ty,
        subtype,
        charset,
    })
}

/// Whether a media type names its own charset (`charset=`, any case), so none is added.
///
/// ```
/// assert!(responses_rules::names_charset("text/plain; CHARSET=ascii"));
/// ```
pub fn names_charset(media_type: &str) -> bool {
    media_type
        .as_bytes()
        .windows(b"charset=".len())
        .any(|w| w.eq_ignore_ascii_case(b"charset="))
}

impl fmt::Display for MediaTypeError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MediaTypeError::NoType => f.write_str("expected `type/subtype`"),
            MediaTypeError::NoSlash { ty } => write!(f, "expected `/` after `{ty}`"),
            MediaTypeError::NoSubtype { ty } => write!(f, "expected a subtype after `{ty}/`"),
            MediaTypeError::Unexpected { ty, subtype, rest } => {
                write!(f, "unexpected {} after `{ty}/{subtype}`", quote(rest))
            }
            MediaTypeError::NoParameterName { rest } => {
                write!(f, "expected a parameter name at {}", quote(rest))
            }
            MediaTypeError::NoValue { name } => write!(f, "parameter `{name}` has no `=value`"),
            MediaTypeError::Unterminated { name } => {
                write!(f, "unterminated quoted value of `{name}`")
            }
            MediaTypeError::BadQuotedCharacter { name } => {
                write!(f, "invalid character in quoted value of `{name}`")
            }
            MediaTypeError::EmptyValue { name } => {
                write!(f, "parameter `{name}` has an empty value")
            }
        }
    }
}
