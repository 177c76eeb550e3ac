//! The response classes: `Response`, `PlainTextResponse`, `HtmlResponse`, `JsonResponse`.

use bytes::Bytes;
use http::StatusCode;
use serde::Serialize;

use crate::body::Body;
use crate::charset::Charset;
use crate::content::Content;
use crate::error::Error;
use crate::head::{ContentType, Head, charset_mismatch, common_methods, content_type_methods};
use crate::media_type::MediaType;

/// Converts a response into an [`http::Response`] whose body is a [`Body`]: renders the
/// content, computes `content-length` and `content-type`, adds cookies, and attaches the
/// background tasks.
///
/// Every class of this crate implements it, as does every `#[derive(Response)]` type.
/// Errors met while building the response (an invalid header, status or media type) are
/// reported here, like `http::response::Builder` reports them at `body()`.
///
/// # Examples
///
/// ```
/// use responses::{HtmlResponse, IntoHttp};
///
/// let response = HtmlResponse::new("<h1>Hi</h1>").into_http()?;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
/// assert_eq!(response.headers()["content-length"], "11");
/// # Ok::<(), responses::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a response",
    label = "this is not a response class or a `#[derive(Response)]` type",
    note = "a variant with one unnamed field and no #[response] attribute delegates to that field's response; to make the field the body instead, give the variant an attribute such as #[response(status = 200)]"
)]
pub trait IntoHttp {
    /// Builds the `http::Response`.
    ///
    /// # Errors
    ///
    /// Any error met while building or rendering the response; its
    /// [`kind`](Error::kind) says which.
    fn into_http(self) -> Result<http::Response<Body>, Error>;

    /// Builds the `http::Response` for `request`: [`into_http`](IntoHttp::into_http), then
    /// [`request::prepare`](crate::request::prepare) (HEAD, and for a `FileResponse`
    /// ranges and conditional requests).
    ///
    /// # Errors
    ///
    /// As [`into_http`](IntoHttp::into_http).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{IntoHttp, PlainTextResponse};
    ///
    /// let request = http::Request::head("/").body(()).unwrap();
    /// let r = PlainTextResponse::new("hello").into_http_for(&request)?;
    /// assert_eq!(r.headers()["content-length"], "5");
    /// assert_eq!(r.body().as_bytes(), Some(&b""[..]));
    /// # Ok::<(), responses::Error>(())
    /// ```
    fn into_http_for<'a>(
        self,
        request: impl Into<crate::request::RequestHead<'a>>,
    ) -> Result<http::Response<Body>, Error>
    where
        Self: Sized,
    {
        Ok(crate::request::prepare(request, self.into_http()?))
    }
}

impl IntoHttp for http::Response<Body> {
    /// Already one.
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        Ok(self)
    }
}

impl IntoHttp for Error {
    /// The error itself: a handler may return `Result<T, responses::Error>`, and the
    /// integrations answer the error as they answer a response that cannot be built (404
    /// for a missing file, 500 otherwise).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{Error, ErrorKind, IntoHttp, PlainTextResponse};
    ///
    /// let failed: Result<PlainTextResponse, Error> = Err(Error::new(ErrorKind::Io, "disk"));
    /// assert_eq!(failed.into_http().unwrap_err().kind(), ErrorKind::Io);
    /// ```
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        Err(self)
    }
}

impl<T: IntoHttp> IntoHttp for Box<T> {
    /// The boxed response (for an enum variant that holds a large response).
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        (*self).into_http()
    }
}

impl<T: IntoHttp, E: IntoHttp> IntoHttp for Result<T, E> {
    /// Either side's response, so a handler can return `Result<Page, NotFound>`.
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        match self {
            Ok(ok) => ok.into_http(),
            Err(err) => err.into_http(),
        }
    }
}

/// A response class that can be made from a handler's plain value, as
/// [`endpoint`](crate::endpoint) does: FastAPI's `response_class=`.
///
/// Implemented by every class for the content it takes; implement it for your own class to
/// use it with `#[endpoint]`.
///
/// # Examples
///
/// ```
/// use http::StatusCode;
/// use responses::{HtmlResponse, IntoHttp, ResponseClass};
///
/// fn respond<C, R: ResponseClass<C>>(content: C) -> R {
///     R::from_content(content).with_status(StatusCode::CREATED)
/// }
///
/// let r: HtmlResponse = respond("<p>hi</p>");
/// assert_eq!(r.into_http()?.status(), 201);
/// # Ok::<(), responses::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be made from a `{C}`",
    label = "the handler's return type is not content this response class takes",
    note = "text classes take `String`, `&'static str` or bytes; `JsonResponse` takes anything `Serialize`; `RedirectResponse` takes a URL"
)]
pub trait ResponseClass<C>: Sized {
    /// The response for `content`, with the class's defaults.
    fn from_content(content: C) -> Self;

    /// Sets the status code.
    fn with_status(self, status: StatusCode) -> Self;
}

/// A `#[derive(Response)]` type made from a handler's value, for
/// `#[endpoint(response_class = ThatType)]`: the derive implements it, and the endpoint
/// wraps the result in [`Extras`](crate::Extras) so that its status applies.
///
/// A derived type is made from itself (a handler that returns it). A derived newtype
/// generic over its body, `struct CustomJson<T = serde_json::Value>(#[response(body)] T)`,
/// is made from any content, as FastAPI's own response classes are: FastAPI's
/// `response_class=CustomORJSONResponse` with its own `render`.
///
/// # Examples
///
/// ```
/// use responses::{IntoHttp, endpoint};
/// use serde::Serialize;
///
/// /// JSON indented by two spaces, whatever the content.
/// #[derive(responses::Response)]
/// #[response(media_type = "application/json", render_with = serde_json::to_vec_pretty)]
/// struct PrettyJson<T: Serialize = serde_json::Value>(#[response(body)] T);
///
/// #[endpoint(response_class = PrettyJson, status_code = 201)]
/// fn created() -> Vec<u32> {
///     vec![1, 2]
/// }
///
/// let r = created().into_http()?;
/// assert_eq!(r.status(), 201);
/// assert_eq!(r.body().as_bytes(), Some(&b"[\n  1,\n  2\n]"[..]));
/// # Ok::<(), responses::Error>(())
/// ```
pub trait FromContent<C> {
    /// The response for `content`.
    fn from_content(content: C) -> Self;
}

/// Every response is made from itself (a handler that returns it).
impl<R: IntoHttp> FromContent<R> for R {
    fn from_content(content: R) -> Self {
        content
    }
}

/// The response type `#[endpoint(response_class = Class)]` gives a handler whose content is
/// `C`: for most classes `Class` itself; for a class generic over its content
/// ([`JsonResponse`], whose bare name means `JsonResponse<serde_json::Value>`), that class
/// of `C`. So a type alias or a class of your own works as `response_class` too.
///
/// Implement it for your own class next to [`ResponseClass`]: `type Response = Self;`, or
/// for a class generic over its content, the class of `C`. Give such a class a default for
/// its parameter (`struct Envelope<T = ()>`, as `JsonResponse<T = serde_json::Value>`), so
/// that its bare name, `response_class = Envelope`, is a type.
///
/// # Examples
///
/// ```
/// use responses::{EndpointClass, HtmlResponse, JsonResponse};
///
/// fn same<T>(_: T, _: T) {}
/// let json: <JsonResponse as EndpointClass<Vec<u8>>>::Response = JsonResponse::new(vec![1u8]);
/// same(json, JsonResponse::<Vec<u8>>::new(vec![]));
/// let html: <HtmlResponse as EndpointClass<String>>::Response = HtmlResponse::new("<p>");
/// # let _ = html;
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be made from a `{C}`",
    label = "the handler's return type is not content this response class takes",
    note = "text classes take `String`, `&'static str` or bytes; `JsonResponse` takes anything `Serialize`; `RedirectResponse` takes a URL"
)]
pub trait EndpointClass<C> {
    /// The class of a response whose content is `C`.
    type Response: ResponseClass<C> + IntoHttp;
}

/// Defines [`EndpointResponse`] with the framework traits of the features that are on.
macro_rules! endpoint_response {
    ($($bound:path),*) => {
        /// What an [`endpoint`](crate::endpoint) handler whose content is an `impl Trait`
        /// returns (`impl EndpointResponse`): a response of this crate, and a handler
        /// response of each framework whose feature is on (axum's `IntoResponse`,
        /// actix-web's `Responder`). A content type that can be named gives the class itself
        /// instead (see [`EndpointClass`]).
        ///
        /// # Examples
        ///
        /// ```
        /// use responses::{EndpointResponse, IntoHttp, JsonResponse};
        ///
        /// fn opaque() -> impl EndpointResponse {
        ///     JsonResponse::new([1, 2])
        /// }
        /// assert_eq!(opaque().into_http()?.body().as_bytes(), Some(&b"[1,2]"[..]));
        /// # Ok::<(), responses::Error>(())
        /// ```
        pub trait EndpointResponse: IntoHttp $(+ $bound)* {}

        impl<T: IntoHttp $(+ $bound)*> EndpointResponse for T {}
    };
}

#[cfg(all(feature = "axum", feature = "actix"))]
endpoint_response!(::axum::response::IntoResponse, ::actix_web::Responder);
#[cfg(all(feature = "axum", not(feature = "actix")))]
endpoint_response!(::axum::response::IntoResponse);
#[cfg(all(feature = "actix", not(feature = "axum")))]
endpoint_response!(::actix_web::Responder);
#[cfg(not(any(feature = "axum", feature = "actix")))]
endpoint_response!();

/// Generates a class whose content is text or bytes ([`Content`]): its struct, `new`,
/// `Default`, and every method; `$media_type` is the default media type.
macro_rules! text_class {
    ($(#[$doc:meta])* $ty:ident, $media_type:expr, $example:literal, $new_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $ty {
            head: Head,
            content: Content,
            content_type: ContentType,
        }

        impl $ty {
            #[doc = concat!(
                $new_doc, "\n\n# Examples\n\n```\n",
                "let r = responses::", $example, ";\n",
                "assert_eq!(r.status_code(), 200);\n```"
            )]
            pub fn new(content: impl Into<Content>) -> Self {
                $ty {
                    head: Head::new(StatusCode::OK),
                    content: content.into(),
                    content_type: ContentType::new($media_type),
                }
            }

            #[doc = concat!(
                "The content as given.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", $example, ";\n",
                "let _ = r.content();\n```"
            )]
            pub fn content(&self) -> &Content {
                &self.content
            }

            #[doc = concat!(
                "Starlette's `render`: the body bytes, text encoded with the charset.\n\n",
                "# Errors\n\n[`ErrorKind::Unencodable`](crate::ErrorKind::Unencodable) for ",
                "a character the charset cannot encode.\n\n",
                "# Examples\n\n```\nuse responses::", stringify!($ty), ";\n\n",
                "let r = ", stringify!($ty), "::new(\"café\").with_charset(\"latin-1\");\n",
                "assert_eq!(&r.render()?[..], b\"caf\\xe9\");\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            pub fn render(&self) -> Result<Bytes, Error> {
                let charset = self.content_type.encoding(self.content.is_text())?;
                self.content.clone().render(&charset)
            }
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty::new(Content::Empty)
            }
        }

        impl<C: crate::content::IntoContent> ResponseClass<C> for $ty {
            fn from_content(content: C) -> Self {
                $ty::new(content)
            }

            fn with_status(self, status: StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl<C: crate::content::IntoContent> EndpointClass<C> for $ty {
            type Response = $ty;
        }

        /// A handler that returns the class itself: the response as it is (with the
        /// endpoint's status, if it gives one).
        impl ResponseClass<$ty> for $ty {
            fn from_content(response: $ty) -> Self {
                response
            }

            fn with_status(self, status: StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl EndpointClass<$ty> for $ty {
            type Response = $ty;
        }

        impl crate::IntoHttp for $ty {
            #[inline]
            fn into_http(self) -> Result<http::Response<Body>, Error> {
                let mut head = self.head;
                let checked = head.check()?;
                let charset = self.content_type.encoding(self.content.is_text())?;
                let body = self.content.render(&charset)?;
                head.finish(checked, body, self.content_type.header(), None)
            }
        }

        common_methods!($ty, $example);
        content_type_methods!(
            $ty,
            $example,
            media: "",
            charset: "text content is encoded with it, bytes are sent as they are"
        );
    };
}

text_class!(
    /// Starlette's `Response`: any content, any media type; by default no media type and so
    /// no `content-type` header.
    ///
    /// To make a type of your own a response, see the derive of the same name,
    /// [`#[derive(Response)]`](derive@crate::Response).
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{IntoHttp, Response};
    ///
    /// let png = Response::new(&b"\x89PNG\r\n"[..]).with_media_type("image/png").into_http()?;
    /// assert_eq!(png.headers()["content-type"], "image/png");
    /// assert_eq!(png.headers()["content-length"], "6");
    ///
    /// let empty = Response::empty().into_http()?;
    /// assert_eq!(empty.headers()["content-length"], "0");
    /// assert!(empty.headers().get("content-type").is_none());
    /// # Ok::<(), responses::Error>(())
    /// ```
    Response,
    None,
    "Response::new(\"hi\")",
    "A 200 response with `content` and no media type."
);

impl Response {
    /// A 200 response with no content (`content-length: 0`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::Response::empty().content(), &responses::Content::Empty);
    /// ```
    pub fn empty() -> Self {
        Response::new(Content::Empty)
    }
}

text_class!(
    /// Starlette's `PlainTextResponse`: `text/plain; charset=utf-8` by default.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{IntoHttp, PlainTextResponse};
    ///
    /// let r = PlainTextResponse::new("hello, world").into_http()?;
    /// assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
    /// assert_eq!(r.headers()["content-length"], "12");
    /// # Ok::<(), responses::Error>(())
    /// ```
    PlainTextResponse,
    Some(MediaType::TEXT_PLAIN),
    "PlainTextResponse::new(\"hi\")",
    "A 200 `text/plain` response."
);

text_class!(
    /// Starlette's `HTMLResponse`: `text/html; charset=utf-8` by default.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{HtmlResponse, IntoHttp};
    ///
    /// let r = HtmlResponse::new("<p>héllo ☃</p>").into_http()?;
    /// assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    /// assert_eq!(r.headers()["content-length"], "17");
    /// # Ok::<(), responses::Error>(())
    /// ```
    HtmlResponse,
    Some(MediaType::TEXT_HTML),
    "HtmlResponse::new(\"<p>hi</p>\")",
    "A 200 `text/html` response."
);

/// Generates a JSON response class; `$encode` serializes the content (checked for
/// non-finite floats).
macro_rules! json_class {
    ($(#[$doc:meta])* $ty:ident, $encode:path) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $ty<T = serde_json::Value> {
            head: Head,
            content: T,
            media_type: MediaType,
        }

        impl<T: Serialize> $ty<T> {
            #[doc = concat!(
                "A 200 `application/json` response. `", stringify!($ty), "::new(())` or `",
                stringify!($ty), "::new(None::<T>)` renders `null`.\n\n",
                "# Examples\n\n```\nuse responses::{IntoHttp, ", stringify!($ty), "};\n\n",
                "let r = ", stringify!($ty), "::new(()).into_http()?;\n",
                "assert_eq!(r.body().as_bytes(), Some(&b\"null\"[..]));\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            pub fn new(content: T) -> Self {
                $ty {
                    head: Head::new(StatusCode::OK),
                    content,
                    media_type: MediaType::APPLICATION_JSON,
                }
            }

            #[doc = concat!(
                "Sets the media type (e.g. `application/problem+json`); a malformed one ",
                "makes the conversion fail.\n\n",
                "# Examples\n\n```\nuse responses::{IntoHttp, ", stringify!($ty), "};\n\n",
                "let r = ", stringify!($ty), "::new([1]).with_media_type(\"application/problem+json\").into_http()?;\n",
                "assert_eq!(r.headers()[\"content-type\"], \"application/problem+json\");\n",
                "# Ok::<(), responses::Error>(())\n```"
            )]
            #[must_use]
            pub fn with_media_type(mut self, media_type: impl crate::IntoMediaType) -> Self {
                if let Some(m) = self.head.record(media_type.into_media_type()) {
                    self.media_type = m;
                }
                self
            }

            #[doc = concat!(
                "The media type.\n\n# Examples\n\n```\n",
                "assert_eq!(responses::", stringify!($ty), "::new(1).media_type().as_str(), \"application/json\");\n```"
            )]
            pub fn media_type(&self) -> &MediaType {
                &self.media_type
            }

            #[doc = concat!(
                "The charset: always UTF-8 for JSON.\n\n# Examples\n\n```\n",
                "assert!(responses::", stringify!($ty), "::new(1).charset().is_utf8());\n```"
            )]
            pub fn charset(&self) -> &Charset {
                &Charset::UTF_8
            }

            #[doc = concat!(
                "The value to serialize.\n\n# Examples\n\n```\n",
                "assert_eq!(*responses::", stringify!($ty), "::new(7).content(), 7);\n```"
            )]
            pub fn content(&self) -> &T {
                &self.content
            }

            #[doc = concat!(
                "Starlette's `render`: the JSON bytes.\n\n",
                "# Errors\n\n[`ErrorKind::NonFiniteFloat`](crate::ErrorKind::NonFiniteFloat) or ",
                "[`ErrorKind::Json`](crate::ErrorKind::Json).\n\n",
                "# Examples\n\n```\n",
                "let r = responses::", stringify!($ty), "::new(vec![1.5, f64::INFINITY]);\n",
                "assert!(r.render().is_err());\n```"
            )]
            pub fn render(&self) -> Result<Bytes, Error> {
                $encode(&self.content)
            }
        }

        common_methods!($ty<T>, concat!(stringify!($ty), "::new([1, 2])"));

        impl<T: Serialize> crate::IntoHttp for $ty<T> {
            #[inline]
            fn into_http(self) -> Result<http::Response<Body>, Error> {
                let mut head = self.head;
                let checked = head.check()?;
                if let Some(named) = self.media_type.charset_param() {
                    // The body is UTF-8, always: a media type must not say otherwise.
                    if !Charset::new(named.to_owned()).is_ok_and(|c| c.is_utf8()) {
                        return Err(charset_mismatch(named, "utf-8 (JSON is always UTF-8)"));
                    }
                }
                let body = $encode(&self.content)?;
                let content_type = self.media_type.into_content_type(&Charset::UTF_8);
                head.finish(checked, body, Some(content_type), None)
            }
        }

        impl<T: Serialize> ResponseClass<T> for $ty<T> {
            fn from_content(content: T) -> Self {
                $ty::new(content)
            }

            fn with_status(self, status: StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl<T, C: Serialize> EndpointClass<C> for $ty<T> {
            type Response = $ty<C>;
        }

        /// A handler that returns the class itself: the response as it is (with the
        /// endpoint's status, if it gives one).
        impl<T: Serialize> ResponseClass<$ty<T>> for $ty<T> {
            fn from_content(response: $ty<T>) -> Self {
                response
            }

            fn with_status(self, status: StatusCode) -> Self {
                self.with_status_code(status)
            }
        }

        impl<T, U: Serialize> EndpointClass<$ty<U>> for $ty<T> {
            type Response = $ty<U>;
        }
    };
}

json_class!(
    /// Starlette's `JSONResponse`: `content` serialized with serde as compact JSON
    /// (`,` and `:` separators, non-ASCII written raw, `/` not escaped, field order kept),
    /// `application/json`.
    ///
    /// The body is always UTF-8 (as in Starlette), so this class has no charset setting; a
    /// `text/*` media type still gets `; charset=utf-8`. `NaN` and `±Infinity` are an
    /// [`ErrorKind::NonFiniteFloat`](crate::ErrorKind::NonFiniteFloat) error (Starlette's
    /// `allow_nan=False`), where plain `serde_json` would write `null`.
    ///
    /// A `serde_json::Value` cannot hold a non-finite float: `json!` and `to_value` turn one
    /// into `null` before this crate sees it. Serialize your own types to keep the check.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{IntoHttp, JsonResponse};
    /// use serde::Serialize;
    ///
    /// #[derive(Serialize)]
    /// struct User { id: u64, name: &'static str }
    ///
    /// let r = JsonResponse::new(User { id: 1, name: "Zoë" }).with_status_code(201).into_http()?;
    /// assert_eq!(r.status(), 201);
    /// assert_eq!(r.headers()["content-type"], "application/json");
    /// assert_eq!(r.body().as_bytes(), Some("{\"id\":1,\"name\":\"Zoë\"}".as_bytes()));
    /// # Ok::<(), responses::Error>(())
    /// ```
    JsonResponse,
    crate::json::to_bytes
);

#[cfg(feature = "fast-json")]
json_class!(
    /// The fast-JSON class (cargo feature `fast-json`): FastAPI's `ORJSONResponse` and
    /// `UJSONResponse` in one, serialized with the SIMD serializer `sonic-rs`.
    ///
    /// Its output is byte-identical to [`JsonResponse`]'s for the same value — compact,
    /// raw UTF-8, `/` not escaped, `NaN`/`±Infinity` an error — so switching class changes
    /// speed, never bytes. (ujson's `\/` and bare `NaN`, and orjson's `null` for `NaN`, are
    /// not copied.)
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{FastJsonResponse, IntoHttp, JsonResponse};
    ///
    /// let value = (1, "Zoë/☃", [0.1, 1e16]);
    /// let fast = FastJsonResponse::new(value).into_http()?;
    /// let plain = JsonResponse::new(value).into_http()?;
    /// assert_eq!(fast.body().as_bytes(), plain.body().as_bytes());
    /// assert!(FastJsonResponse::new(f64::NAN).into_http().is_err());
    /// # Ok::<(), responses::Error>(())
    /// ```
    FastJsonResponse,
    crate::json::to_bytes_fast
);
