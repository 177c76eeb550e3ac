//! A response whose status is part of its type: what `#[endpoint(status_code = ...)]`
//! returns, so that the status is documented (the `utoipa` and `aide` features) as
//! FastAPI's decorator documents it.

use http::StatusCode;

use crate::body::Body;
use crate::error::Error;
use crate::{IntoHttp, ResponseClass};

/// A response of class `R` sent with status `STATUS`: the return type of
/// `#[endpoint(response_class = ..., status_code = STATUS)]`. It is the response itself
/// (converted as `R` is), with the status in its type, so that an OpenAPI document made
/// from the handler's type lists the same status and media type as FastAPI's
/// `@app.post(..., response_class=..., status_code=...)` does.
///
/// `STATUS` is checked when the type is used (made, converted or documented): a status
/// outside `100..=599`, or 101, does not compile. What `STATUS` replaces, when sent and in
/// the OpenAPI description alike:
///
/// * a class's one response (a redirect's 307 too);
/// * a `FileResponse`'s 200: under any other status the file is sent whole, without ranges
///   or conditional answers (206, 304, 400, 412, 416), as Starlette sends it;
/// * a derived type's success statuses (2xx, but not a delegated file's 206): its errors
///   and redirects keep their own statuses, as FastAPI's `status_code` is the status of
///   success while an error carries its own.
///
/// # Examples
///
/// ```
/// use responses::{IntoHttp, PlainTextResponse, ResponseClass, WithStatus};
///
/// let mut r = WithStatus::<PlainTextResponse, 202>::from_content("queued");
/// r.headers_mut().insert("x-queue", "mail".parse().unwrap());
/// let r = r.into_http()?;
/// assert_eq!(r.status(), 202);
/// assert_eq!(r.headers()["x-queue"], "mail");
/// # Ok::<(), responses::Error>(())
/// ```
#[derive(Debug)]
pub struct WithStatus<R, const STATUS: u16> {
    response: R,
}

impl<R, const STATUS: u16> WithStatus<R, STATUS> {
    /// The status, checked at compile time.
    const STATUS_CODE: StatusCode = {
        assert!(
            STATUS >= 100 && STATUS <= 599 && STATUS != 101,
            "WithStatus: the status must be in 100..=599 and not 101"
        );
        match StatusCode::from_u16(STATUS) {
            Ok(code) => code,
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    };

    /// The status this type sends.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{HtmlResponse, WithStatus};
    ///
    /// assert_eq!(WithStatus::<HtmlResponse, 201>::status(), 201);
    /// ```
    pub fn status() -> StatusCode {
        Self::STATUS_CODE
    }

    /// The response, whose status is `STATUS`.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{HtmlResponse, ResponseClass, WithStatus};
    ///
    /// let r = WithStatus::<HtmlResponse, 201>::from_content("<p>hi</p>");
    /// assert_eq!(r.into_inner().status_code(), 201);
    /// ```
    pub fn into_inner(self) -> R {
        self.response
    }
}

/// The response, to read or change it (`set_cookie`, `headers_mut`…).
impl<R, const STATUS: u16> std::ops::Deref for WithStatus<R, STATUS> {
    type Target = R;

    fn deref(&self) -> &R {
        &self.response
    }
}

impl<R, const STATUS: u16> std::ops::DerefMut for WithStatus<R, STATUS> {
    fn deref_mut(&mut self) -> &mut R {
        &mut self.response
    }
}

/// Made as `R` is, with `STATUS`.
impl<C, R: ResponseClass<C>, const STATUS: u16> ResponseClass<C> for WithStatus<R, STATUS> {
    fn from_content(content: C) -> Self {
        WithStatus {
            response: R::from_content(content).with_status(Self::STATUS_CODE),
        }
    }

    /// Keeps `STATUS`: the status of this type is the one in its type, which its OpenAPI
    /// description lists. (Take the class out with [`into_inner`](WithStatus::into_inner)
    /// to send another.)
    fn with_status(self, _: StatusCode) -> Self {
        self
    }
}

/// Converted as `R` is. Under 205 (Reset Content) the response is sent empty, with
/// `content-length: 0` and no `content-type`, its background tasks kept: RFC 9110 §15.3.6
/// says a server must not send content with it, and FastAPI's endpoints leave it out.
impl<R: IntoHttp, const STATUS: u16> IntoHttp for WithStatus<R, STATUS> {
    fn into_http(self) -> Result<http::Response<Body>, Error> {
        let _checked = Self::STATUS_CODE;
        let mut response = self.response.into_http()?;
        if STATUS == 205 && response.status() == StatusCode::RESET_CONTENT {
            response.body_mut().clear_content();
            let headers = response.headers_mut();
            headers.remove(http::header::CONTENT_TYPE);
            headers.insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from_static("0"),
            );
        }
        Ok(response)
    }
}
