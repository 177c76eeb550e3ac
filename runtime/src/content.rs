//! What a body is made of: [`Content`] for a whole body, [`Chunk`] for a piece of a stream;
//! either text (encoded with the response's charset) or bytes (sent as they are). One list
//! of the Rust types that are text or bytes feeds both, and [`Body`].

use std::borrow::Cow;

use bytes::Bytes;

use crate::body::Body;
use crate::charset::Charset;
use crate::error::Error;

/// The content of a [`Response`](struct@crate::Response), [`PlainTextResponse`](crate::PlainTextResponse) or [`HtmlResponse`](crate::HtmlResponse): nothing,
/// text (encoded with the response's charset) or bytes (sent as they are).
///
/// Text and bytes are moved into the body, never copied, when no encoding is needed.
///
/// # Examples
///
/// ```
/// use responses::Content;
///
/// assert!(matches!(Content::from("hi"), Content::Text(_)));
/// assert!(matches!(Content::from(vec![1u8, 2]), Content::Bytes(_)));
/// assert!(matches!(Content::from(None::<String>), Content::Empty));
/// ```
///
/// Other types are not content: where Starlette fails at run time
/// (`'int' object has no attribute 'encode'`), this does not compile.
///
/// ```compile_fail
/// let response = responses::Response::new(5);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Content {
    /// No content: an empty body.
    #[default]
    Empty,
    /// Text, encoded with the response's charset.
    Text(Cow<'static, str>),
    /// Bytes, sent as they are whatever the charset.
    Bytes(Bytes),
}

impl Content {
    /// Starlette's `render`: the body bytes for this content.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unencodable`](crate::ErrorKind::Unencodable) for a character the charset
    /// cannot encode.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Charset, Content};
    ///
    /// let bytes = Content::from("é").render(&Charset::LATIN_1)?;
    /// assert_eq!(&bytes[..], b"\xe9");
    /// # Ok::<(), responses::Error>(())
    /// ```
    pub fn render(self, charset: &Charset) -> Result<Bytes, Error> {
        match self {
            Content::Empty => Ok(Bytes::new()),
            Content::Text(text) => charset.encode(text),
            Content::Bytes(bytes) => Ok(bytes),
        }
    }

    /// Whether the content is text, to be encoded with a charset.
    pub(crate) fn is_text(&self) -> bool {
        matches!(self, Content::Text(_))
    }
}

/// One chunk of a streamed body: bytes sent as they are, or text encoded with the
/// response's charset.
///
/// # Examples
///
/// ```
/// use responses::stream::Chunk;
///
/// assert!(matches!(Chunk::from("text"), Chunk::Text(_)));
/// assert!(matches!(Chunk::from(vec![1u8]), Chunk::Bytes(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Bytes, sent as they are.
    Bytes(Bytes),
    /// Text, encoded with the charset.
    Text(Cow<'static, str>),
}

/// What a text class ([`Response`](struct@crate::Response),
/// [`PlainTextResponse`](crate::PlainTextResponse), [`HtmlResponse`](crate::HtmlResponse))
/// takes as the value of an [`endpoint`](crate::endpoint) handler: text, bytes, `()` or an
/// `Option` of one of them. A handler that returns anything else does not compile, with a
/// message that names what to return instead.
///
/// It is implemented for every type that converts into [`Content`]: a type of your own
/// becomes content with `From<YourType> for Content`, for the classes' `new` and for
/// `#[endpoint]` alike; a handler may also return `impl IntoContent`.
///
/// ```
/// use responses::Content;
///
/// struct Markup(String);
///
/// impl From<Markup> for Content {
///     fn from(markup: Markup) -> Content {
///         Content::from(markup.0)
///     }
/// }
///
/// #[responses::endpoint(response_class = responses::HtmlResponse)]
/// fn page() -> Markup {
///     Markup("<p>hi</p>".into())
/// }
/// # assert_eq!(responses::IntoHttp::into_http(page())?.body().as_bytes(), Some(&b"<p>hi</p>"[..]));
/// # Ok::<(), responses::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "a text response class cannot be made from a `{Self}`",
    label = "not text or bytes",
    note = "`Response`, `PlainTextResponse` and `HtmlResponse` take `String`, `&'static str`, `Vec<u8>`, `Bytes`, `()` or an `Option` of one of them",
    note = "format the value first (`value.to_string()`), or give the endpoint `response_class = JsonResponse` to send it as JSON"
)]
pub trait IntoContent: Into<Content> {}

// Not looked through in error messages: a type that is not content is reported as not
// `IntoContent` (with the message above), not as a missing `From` impl of `Content`.
#[diagnostic::do_not_recommend]
impl<T: Into<Content>> IntoContent for T {}

/// The types that are text or bytes, each with the conversion into `Cow<'static, str>` or
/// `Bytes` (moved, never copied): `From` for [`Content`], [`Chunk`] and [`Body`] (text
/// as UTF-8) from one list.
macro_rules! text_and_bytes {
    ($(text $text:ty => $to_text:expr;)* $(bytes $bytes:ty => $to_bytes:expr;)*) => {
        $(
            impl From<$text> for Content {
                fn from(text: $text) -> Self {
                    Content::Text($to_text(text))
                }
            }

            impl From<$text> for Chunk {
                fn from(text: $text) -> Self {
                    Chunk::Text($to_text(text))
                }
            }

            impl From<$text> for Body {
                fn from(text: $text) -> Self {
                    Body::full(text_bytes($to_text(text)))
                }
            }
        )*
        $(
            impl From<$bytes> for Content {
                fn from(bytes: $bytes) -> Self {
                    Content::Bytes($to_bytes(bytes))
                }
            }

            impl From<$bytes> for Chunk {
                fn from(bytes: $bytes) -> Self {
                    Chunk::Bytes($to_bytes(bytes))
                }
            }

            impl From<$bytes> for Body {
                fn from(bytes: $bytes) -> Self {
                    Body::full($to_bytes(bytes))
                }
            }
        )*
    };
}

text_and_bytes! {
    text &'static str => Cow::Borrowed;
    text String => Cow::Owned;
    text Cow<'static, str> => std::convert::identity;
    text Box<str> => |text: Box<str>| Cow::Owned(text.into());
    bytes Bytes => std::convert::identity;
    bytes Vec<u8> => Bytes::from;
    bytes &'static [u8] => Bytes::from_static;
}

/// The UTF-8 bytes of text, moved when owned.
fn text_bytes(text: Cow<'static, str>) -> Bytes {
    match text {
        Cow::Borrowed(text) => Bytes::from_static(text.as_bytes()),
        Cow::Owned(text) => Bytes::from(text),
    }
}

impl<const N: usize> From<&'static [u8; N]> for Content {
    fn from(bytes: &'static [u8; N]) -> Self {
        Content::Bytes(Bytes::from_static(bytes))
    }
}

impl<const N: usize> From<&'static [u8; N]> for Chunk {
    fn from(bytes: &'static [u8; N]) -> Self {
        Chunk::Bytes(Bytes::from_static(bytes))
    }
}

impl From<()> for Content {
    fn from((): ()) -> Self {
        Content::Empty
    }
}

impl From<()> for Body {
    fn from((): ()) -> Self {
        Body::empty()
    }
}

impl<T: Into<Content>> From<Option<T>> for Content {
    /// `None` is no content (Starlette's `content=None`).
    fn from(content: Option<T>) -> Self {
        content.map_or(Content::Empty, Into::into)
    }
}
