#!/usr/bin/env python3
"""Regenerates tests/vectors/starlette.json: what Starlette sends for each case of the
differential test (tests/differential.rs).

Usage (from the repository root):

    python3 -m venv /tmp/st && /tmp/st/bin/pip install 'starlette==1.10.0' anyio
    /tmp/st/bin/python tests/vectors/generate.py            # writes the file
    /tmp/st/bin/python tests/vectors/generate.py --check    # compares, writes nothing

Each case builds a Starlette response, calls it as an ASGI app and records the messages it
sends: status, headers (in order, latin-1 decoded), the concatenated body, every message,
the order of start/body/background events, and the exception if one was raised. The
format is the one described in docs/behaviour.md, "Reference vectors". Cookie cases run
with the clock frozen at 2000000000.0.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import starlette
from starlette.background import BackgroundTask, BackgroundTasks
from starlette.datastructures import URL
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

HERE = Path(__file__).resolve().parent
OUT = HERE / "starlette.json"
META = HERE / "meta.json"
FROZEN_NOW = 2000000000.0

CASES: list[dict] = []


def case(name, description, *, request=None, frozen=False):
    """Registers a case. The decorated function takes `events` (a list to append to) and
    returns the response to call."""

    def register(factory):
        CASES.append(
            {
                "name": name,
                "description": description,
                "factory": factory,
                "request": request,
                "frozen": frozen,
            }
        )
        return factory

    return register


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


async def call(response, request, events, messages=None):
    request = request or {}
    method = request.get("method", "GET")
    headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1"))
        for k, v in request.get("headers", [])
    ]
    scope = {
        "type": request.get("scope_type", "http"),
        "method": method,
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": headers,
    }
    if messages is None:
        messages = []
    never = asyncio.Event()

    async def receive():
        await never.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)
        if message["type"].endswith("response.start"):
            events.append("start")
        elif message["type"].endswith("response.body"):
            events.append("body")

    await response(scope, receive, send)
    return messages


def record(spec):
    out = {"name": spec["name"], "description": spec["description"]}
    if spec["request"]:
        out["request"] = {
            "method": spec["request"].get("method", "GET"),
            "headers": spec["request"].get("headers", []),
            "scope_type": spec["request"].get("scope_type", "http"),
        }
    if spec["frozen"]:
        out["frozen_now"] = FROZEN_NOW
    events: list[str] = []
    warnings_at = len(out)
    real_time = time.time
    if spec["frozen"]:
        time.time = lambda: FROZEN_NOW
    try:
        try:
            response = spec["factory"](events)
            if WARNINGS.get(spec["name"]):
                out["warnings"] = WARNINGS[spec["name"]]
        except Exception as exc:  # construct-phase error: nothing sent
            out.update(status=None, headers=None, body_b64=None)
            out["error"] = {"type": type(exc).__name__, "message": str(exc), "phase": "construct"}
            return out
        messages: list[dict] = []
        try:
            asyncio.run(call(response, spec["request"], events, messages))
        except Exception as exc:
            out["error"] = {"type": type(exc).__name__, "message": str(exc), "phase": "call"}
    finally:
        time.time = real_time
    start = next((m for m in messages if m["type"].endswith("response.start")), None)
    out["status"] = start["status"] if start else None
    out["headers"] = (
        [[k.decode("latin-1"), v.decode("latin-1")] for k, v in start.get("headers", [])]
        if start
        else None
    )
    body = b"".join(bytes(m.get("body", b"")) for m in messages if m["type"].endswith("response.body"))
    out["body_b64"] = b64(body) if messages else None
    recorded = []
    for m in messages:
        entry = {"type": m["type"]}
        if m["type"].endswith("response.start"):
            entry["status"] = m["status"]
        else:
            entry["body_b64"] = b64(m.get("body", b""))
            if "more_body" in m:
                entry["more_body"] = m["more_body"]
        recorded.append(entry)
    out["messages"] = recorded
    out["events"] = events
    for name, value in out["headers"] or []:
        if name == "content-type" and value.startswith("multipart/byteranges; boundary="):
            out["boundary"] = value.split("boundary=", 1)[1]
            out["boundary_note"] = "secrets.token_hex(13): 26 lowercase hex chars, new per response"
    return out


# --- Response, PlainTextResponse, HTMLResponse -------------------------------------------


@case("response_default", "Response() with no args: empty body, content-length 0, no content-type")
def _(events):
    return Response()


@case("response_str", "Response('hello') with no media type: no content-type header")
def _(events):
    return Response("hello")


@case("response_none_text", "content=None with text/plain media type -> empty body, length 0, charset added")
def _(events):
    return Response(None, media_type="text/plain")


@case("response_custom_status", "status 201 with str body")
def _(events):
    return Response("created", status_code=201)


@case("html_default", "HTMLResponse() empty")
def _(events):
    return HTMLResponse()


@case("html_content", "HTMLResponse with unicode content")
def _(events):
    return HTMLResponse("<p>h\u00e9llo \u2603</p>")


@case("plain_default", "PlainTextResponse() empty")
def _(events):
    return PlainTextResponse()


@case("plain_content", "PlainTextResponse str")
def _(events):
    return PlainTextResponse("hello, world")


@case("response_memoryview", "memoryview body")
def _(events):
    return Response(memoryview(b"\xc0\x01"))


@case("response_memoryview_typed", "memoryview cast to 'I' is re-cast to bytes; length counts bytes")
def _(events):
    return Response(memoryview(b"01234567").cast("I"))


@case("response_bytearray_error", "bytearray is neither bytes nor memoryview -> .encode AttributeError")
def _(events):
    return Response(bytearray(b"ab"))


@case("response_int_error", "int content -> AttributeError")
def _(events):
    return Response(5)


@case("status_204_empty", "204 with no body: no content-length")
def _(events):
    return Response(status_code=204)


@case("status_204_with_body", "204 with body: no content-length but body is still sent by Starlette")
def _(events):
    return Response(b"x", status_code=204)


@case("status_304_with_body", "304 with body: no content-length, body still sent")
def _(events):
    return PlainTextResponse("x", status_code=304)


@case("status_304_empty", "304 no body")
def _(events):
    return Response(status_code=304)


@case("status_101_empty", "101 empty")
def _(events):
    return Response(status_code=101)


@case("status_199_with_body", "199 still <200: no content-length")
def _(events):
    return Response("x", status_code=199)


@case("status_200_explicit_cl_on_204", "caller content-length on 204 is kept verbatim")
def _(events):
    return Response(status_code=204, headers={"content-length": "0"})


@case("media_text_html_charset", "text/* gets '; charset=utf-8'")
def _(events):
    return Response("x", media_type="text/html")


@case("media_text_event_stream", "any text/* gets charset")
def _(events):
    return Response("x", media_type="text/event-stream")


@case("media_xml_no_charset", "application/xml: no charset")
def _(events):
    return Response("<a/>", media_type="application/xml")


@case("media_svg_no_charset", "image/svg+xml: no charset")
def _(events):
    return Response("<svg/>", media_type="image/svg+xml")


@case("media_charset_uppercase", "charset detection is case-insensitive")
def _(events):
    return Response("x", media_type="text/plain;CHARSET=ascii")


@case("media_uppercase_type", "startswith('text/') is case-sensitive: 'Text/Plain' gets no charset")
def _(events):
    return Response("x", media_type="Text/Plain")


@case("media_charset_word_elsewhere", "any 'charset=' substring suppresses appending")
def _(events):
    return Response("x", media_type='text/plain; format="charset=no"')


class Latin1Response(PlainTextResponse):
    charset = "latin-1"


@case("charset_latin1", "subclass charset='latin-1': body encoded latin-1, header says charset=latin-1")
def _(events):
    return Latin1Response("caf\u00e9 \u00ff")


@case("charset_latin1_unencodable", "latin-1 charset with \u20ac -> UnicodeEncodeError at construction")
def _(events):
    return Latin1Response("\u20ac")


@case("headers_custom_order", "caller headers first (lowercased names), then content-length, then content-type")
def _(events):
    return PlainTextResponse("hi", headers={"X-B": "2", "x-a": "1"})


@case("headers_override_content_type", "caller Content-Type wins, charset not appended to it")
def _(events):
    return PlainTextResponse("hi", headers={"Content-Type": "text/csv"})


@case("headers_override_both", "caller sets both: nothing appended")
def _(events):
    return JSONResponse({"a": 1}, headers={"Content-Length": "1", "Content-Type": "x/y"})


@case("headers_empty_dict", "headers={} behaves like None")
def _(events):
    return HTMLResponse("hi", headers={})


@case("headers_non_latin1_error", "non latin-1 header value -> UnicodeEncodeError")
def _(events):
    return Response("x", headers={"x-h": "\u20ac"})


@case("headers_latin1_value", "latin-1 header value is encoded byte-for-byte")
def _(events):
    return Response("x", headers={"x-h": "caf\u00e9"})


# --- JSONResponse ------------------------------------------------------------------------


@case("json_basic", "compact separators")
def _(events):
    return JSONResponse({"a": 1, "b": [1, 2, 3]})


@case("json_none", "None renders 'null' (not empty)")
def _(events):
    return JSONResponse(None)


@case("json_nested", "nested structures, insertion order kept")
def _(events):
    return JSONResponse({"z": {"y": [{"x": None}, True, False]}, "a": []})


JSON_FLOATS = [
    1.0, 0.1, 1e15, 1e16, 1e-4, 1e-5, 1e-7, 0.0001234, 5e-324, 1.7976931348623157e308,
    1.5e300, -0.0, 3.141592653589793, 1e21, 1e22, 123456789012345678.0, 123456789.123456789, 100.0,
]


@case("json_floats", "float repr rules")
def _(events):
    return JSONResponse(JSON_FLOATS)


@case("json_empty_list", "[]")
def _(events):
    return JSONResponse([])


@case("json_large_ints", "arbitrary precision ints")
def _(events):
    return JSONResponse([2**63, 2**64, -(2**70), 10**30])


@case("json_tuple", "tuple -> array")
def _(events):
    return JSONResponse((1, "a"))


@case("json_string", "bare string")
def _(events):
    return JSONResponse("hi")


@case("json_inf_error", "Infinity -> ValueError")
def _(events):
    return JSONResponse([float("inf")])


@case("json_surrogate_error", "lone surrogate -> UnicodeEncodeError at utf-8 encode")
def _(events):
    return JSONResponse("\ud800")


@case("json_status_media", "custom status and media type")
def _(events):
    return JSONResponse({"e": 1}, status_code=422, media_type="application/problem+json")


@case("json_text_media_gets_charset", "text/* media type on JSONResponse gets charset")
def _(events):
    return JSONResponse({"a": 1}, media_type="text/json")


# --- FastAPI's UJSONResponse / ORJSONResponse -------------------------------------------


def fastapi_json(cls_name, name, description, content, warn=True):
    @case(name, description)
    def _(events):
        import warnings

        import fastapi.responses

        cls = getattr(fastapi.responses, cls_name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = cls(content)
        WARNINGS[name] = [f"{type(w.message).__name__}: {str(w.message)[:80]}" for w in caught]
        return response


WARNINGS: dict[str, list[str]] = {}

fastapi_json("UJSONResponse", "ujson_basic", "UJSONResponse compact output", {"a": 1, "b": [1, 2]})
fastapi_json("UJSONResponse", "ujson_slash_escaped", "ujson escapes '/' as '\\/' (escape_forward_slashes default)", {"url": "http://x/y"})
fastapi_json("UJSONResponse", "ujson_floats", "ujson float formatting (1e-05 -> 1e-5)", JSON_FLOATS)
fastapi_json("UJSONResponse", "ujson_nan", "ujson emits bare NaN / Infinity (invalid JSON)", [float("nan"), float("inf"), float("-inf")])
fastapi_json("UJSONResponse", "ujson_none", "None -> null", None)
fastapi_json("UJSONResponse", "ujson_non_str_keys", "non-str keys", {1: "a", 2.5: "b", None: "d"})
fastapi_json("ORJSONResponse", "orjson_basic", "ORJSONResponse compact output", {"a": 1, "b": [1, 2]})
fastapi_json("ORJSONResponse", "orjson_unicode", "orjson unicode", {"k": "\u00e9\u2603\U0001F600\u2028\x7f\x00\n/"})
fastapi_json("ORJSONResponse", "orjson_nan_is_null", "orjson serializes NaN/Infinity as null", [float("nan"), float("inf"), float("-inf")])
fastapi_json("ORJSONResponse", "orjson_big_int_error", "orjson rejects ints beyond 64 bits", [2**64])
fastapi_json("ORJSONResponse", "orjson_non_str_keys", "OPT_NON_STR_KEYS", {1: "a", 2.5: "b", False: "c", None: "d"})
fastapi_json(
    "ORJSONResponse",
    "orjson_datetime",
    "orjson native datetime",
    {"t": dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)},
)


# --- RedirectResponse --------------------------------------------------------------------


@case("redirect_default", "default status 307, content-length 0, no content-type")
def _(events):
    return RedirectResponse("/")


for _code in (301, 303, 307):

    @case(f"redirect_{_code}", f"explicit status {_code}")
    def _(events, code=_code):
        return RedirectResponse("/target", status_code=code)


@case("redirect_200_unvalidated", "status not validated")
def _(events):
    return RedirectResponse("/t", status_code=200)


@case("redirect_304", "304: no content-length")
def _(events):
    return RedirectResponse("/t", status_code=304)


@case("redirect_unicode", "non-ASCII -> UTF-8 percent-encoding")
def _(events):
    return RedirectResponse("/I \u2665 Starlette/\u00e9")


@case("redirect_query", "query string kept (?, =, & safe)")
def _(events):
    return RedirectResponse("/s?q=a b&x=1&y=\u00e9")


@case("redirect_already_encoded", "% is safe so %xx not double-encoded; stray % kept")
def _(events):
    return RedirectResponse("/a%20b/\u2665/100%/%zz")


@case("redirect_absolute", "absolute URL with userinfo, port, brackets")
def _(events):
    return RedirectResponse("https://user:pw@[::1]:8443/p;a=b?x=(1)*'!$,+~")


@case("redirect_crlf", "CR/LF are percent-encoded")
def _(events):
    return RedirectResponse("/a\r\nSet-Cookie: x=1")


@case("redirect_url_object", "URL object stringified")
def _(events):
    return RedirectResponse(URL("http://example.com/a b"))


@case("redirect_caller_location_replaced", "caller 'Location' replaced in place")
def _(events):
    return RedirectResponse("/new", headers={"Location": "/old", "x-a": "1"})


# --- set_cookie / delete_cookie (clock frozen) ------------------------------------------


def cookie_case(name, description, **kwargs):
    @case(name, description, frozen=True)
    def _(events):
        response = PlainTextResponse("ok")
        response.set_cookie(**kwargs)
        return response


cookie_case("cookie_default", 'set_cookie(key) only: empty value renders as ""', key="k")
cookie_case("cookie_value", "plain value", key="k", value="v1")
cookie_case("cookie_value_semicolon_comma", "; and , octal-escaped inside quotes", key="k", value="a;b,c")
cookie_case("cookie_value_quote_backslash", "quote and backslash escaped", key="k", value='a"b\\c')
cookie_case("cookie_value_latin1", "\u00e9 -> \\351 octal", key="k", value="\u00e9")
cookie_case("cookie_value_nonlatin1_error", "\u20ac survives quoting then fails latin-1 encode", key="k", value="\u20ac")
cookie_case("cookie_value_brackets", "()<>@/?[]{} force quoting but stay literal", key="k", value="(){}[]<>?@/")
cookie_case("cookie_value_control", "control chars octal", key="k", value="a\x01\x7f")
cookie_case("cookie_key_reserved", "reserved attribute name as key -> CookieError", key="Path", value="v")
cookie_case("cookie_max_age", "max_age=10", key="k", value="v", max_age=10)
cookie_case("cookie_max_age_negative", "negative max_age", key="k", value="v", max_age=-1)
cookie_case("cookie_max_age_str", "string max_age verbatim", key="k", value="v", max_age="10")
cookie_case("cookie_expires_zero", "expires=0 = now (not epoch)", key="k", value="v", expires=0)
cookie_case("cookie_expires_negative", "negative offset", key="k", value="v", expires=-3600)
cookie_case("cookie_expires_float", "float expires is written verbatim (not a date)", key="k", value="v", expires=1.5)
cookie_case(
    "cookie_expires_datetime_utc",
    "aware UTC datetime -> RFC 1123",
    key="k",
    value="v",
    expires=dt.datetime(2037, 1, 22, 12, 0, 10, tzinfo=dt.timezone.utc),
)
cookie_case(
    "cookie_expires_datetime_offset_error",
    "non-UTC offset -> ValueError (not converted)",
    key="k",
    value="v",
    expires=dt.datetime(2037, 1, 22, 12, 0, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
)
cookie_case("cookie_path_none", "path=None: no Path", key="k", value="v", path=None)
cookie_case("cookie_path_custom", "path verbatim, no validation", key="k", value="v", path="/a b;c")
cookie_case(
    "cookie_path_trailing_space_stripped",
    "output is .strip()ped: trailing space of last attr lost",
    key="k",
    value="v",
    path="/x ",
    samesite=None,
)
cookie_case("cookie_domain_empty", "domain='' skipped", key="k", value="v", domain="")
cookie_case("cookie_secure", "Secure flag", key="k", value="v", secure=True)
cookie_case("cookie_samesite_strict", "SameSite=strict", key="k", value="v", samesite="strict")
cookie_case("cookie_samesite_lax", "SameSite=lax (default)", key="k", value="v", samesite="lax")
cookie_case("cookie_samesite_mixed_case", "case preserved in output", key="k", value="v", samesite="Strict")
cookie_case("cookie_samesite_null", "samesite=None omits attribute", key="k", value="v", samesite=None)
cookie_case(
    "cookie_partitioned",
    "partitioned on Python < 3.14 -> ValueError, no header appended",
    key="k",
    value="v",
    partitioned=True,
)
cookie_case(
    "cookie_all",
    "every parameter (partitioned omitted: Python<3.14)",
    key="k",
    value="v",
    max_age=10,
    expires=10,
    path="/p",
    domain="d.com",
    secure=True,
    httponly=True,
    samesite="none",
)


def delete_cookie_case(name, description, **kwargs):
    @case(name, description, frozen=True)
    def _(events):
        response = PlainTextResponse("ok")
        response.delete_cookie(**kwargs)
        return response


delete_cookie_case("delete_cookie_default", 'delete_cookie: value "", expires=now, Max-Age=0', key="k")
delete_cookie_case(
    "delete_cookie_all",
    "delete_cookie with every option",
    key="k",
    path="/p",
    domain="d.com",
    secure=True,
    httponly=True,
    samesite="strict",
)
delete_cookie_case(
    "delete_cookie_partitioned",
    "partitioned on <3.14 -> ValueError",
    key="k",
    secure=True,
    samesite="none",
    partitioned=True,
)


# --- background tasks and HEAD -----------------------------------------------------------


@case("response_background_tasks", "BackgroundTasks run sequentially after body")
def _(events):
    tasks = BackgroundTasks()
    tasks.add_task(events.append, "background")
    return PlainTextResponse("x", background=tasks)


@case(
    "response_head_method",
    "Response ignores HEAD: body still handed to the server",
    request={"method": "HEAD", "headers": [], "scope_type": "http"},
)
def _(events):
    return PlainTextResponse("hello")


# --- StreamingResponse -------------------------------------------------------------------


@case("stream_bytes_list", "list of bytes chunks: no content-length, no content-type")
def _(events):
    return StreamingResponse([b"hello", b", ", b"world"])


@case("stream_str_text", "str chunks encoded utf-8; text/plain gets charset")
def _(events):
    return StreamingResponse(["h\u00e9llo", " ", "w\u00f6rld"], media_type="text/plain")


@case("stream_empty", "empty iterator: start + single empty final body")
def _(events):
    return StreamingResponse(iter([]), media_type="text/plain")


@case("stream_empty_chunks", "empty chunks are forwarded as messages")
def _(events):
    return StreamingResponse([b"", b"x", b""])


@case("stream_status_204", "status 204 streaming (nothing special)")
def _(events):
    return StreamingResponse([b"x"], status_code=204)


class Latin1Stream(StreamingResponse):
    charset = "latin-1"


@case("stream_latin1_subclass", "charset subclass encodes str chunks with latin-1")
def _(events):
    return Latin1Stream(["caf\u00e9"], media_type="text/plain")


@case("stream_background_order", "background runs after final body message")
def _(events):
    return StreamingResponse([b"a", b"b"], background=BackgroundTask(events.append, "background"))


@case(
    "stream_head_method",
    "HEAD is not special for StreamingResponse: body still emitted",
    request={"method": "HEAD", "headers": [], "scope_type": "http"},
)
def _(events):
    return StreamingResponse(["body"], media_type="text/plain")


# --- FileResponse (cwd is a copy of files/ with the mtimes of meta.json) -------------------


def file_case(name, description, request=None, **kwargs):
    path = kwargs.pop("path", "files/hello.txt")

    @case(name, description, request=request)
    def _(events):
        if kwargs.pop("_background", False):
            kwargs["background"] = BackgroundTask(events.append, "background")
        return FileResponse(path, **kwargs)


file_case("file_default", "FileResponse defaults: text/plain charset, accept-ranges, stat headers")


@case("file_pathlike", "Path object accepted")
def _(events):
    return FileResponse(Path("files/hello.txt"))


file_case("file_bin", ".bin -> application/octet-stream (from /etc/mime.types)", path="files/blob.bin")
file_case("file_noext", "unknown -> application/octet-stream", path="files/noext")
file_case("file_filename_ascii", "filename sets content-disposition and drives media type", filename="example.png")
file_case("file_filename_nonascii", "RFC 5987 filename* for non-ASCII", path="files/\u4f60\u597d.txt", filename="\u4f60\u597d.txt")
file_case("file_filename_quote", "double quote -> filename*", filename='a"b.txt')
file_case("file_filename_slash", "'/' is safe for quote(): plain filename", filename="dir/a.txt")
file_case("file_inline", "content_disposition_type inline", filename="hello.txt", content_disposition_type="inline")
file_case("file_inline_nonascii", "inline + filename*", filename="\u00e9.txt", content_disposition_type="inline")
file_case("file_media_type_text_csv", "explicit text/* gets charset", media_type="text/csv")
file_case(
    "file_custom_headers",
    "caller headers first; setdefault keeps caller etag/content-disposition",
    filename="hello.txt",
    headers={"ETag": '"mine"', "Content-Disposition": "inline", "x-a": "1"},
)


@case("file_stat_result", "stat_result given: stat headers set at construction, no os.stat at call")
def _(events):
    return FileResponse("files/hello.txt", stat_result=os.stat("files/hello.txt"))


file_case("file_status_404", "non-200 status: full body", status_code=404)
file_case("file_empty", "empty file: content-length 0, one empty body message", path="files/empty.txt")
file_case("file_fractional_mtime", "etag uses repr of float st_mtime", path="files/frac.txt")
file_case("file_big_chunks", "file > chunk_size: 64 KiB chunks", path="files/big.bin")
file_case("file_exact_chunk", "size == chunk_size: extra empty final message", path="files/exact_chunk.bin")
file_case("file_missing", "missing file -> RuntimeError before anything is sent", path="files/nope.txt")
file_case("file_directory", "directory -> RuntimeError", path="files/subdir")
file_case("file_background_order", "background after the last body chunk", _background=True)


def get(*headers):
    return {"method": "GET", "headers": [list(h) for h in headers], "scope_type": "http"}


def head(*headers):
    return {"method": "HEAD", "headers": [list(h) for h in headers], "scope_type": "http"}


def range_case(name, description, value, method="GET", **kwargs):
    request = {"method": method, "headers": [["range", value]], "scope_type": "http"}
    file_case(name, description, request=request, **kwargs)


range_case("range_0_4", "bytes=0-4 -> 206", "bytes=0-4")
range_case("range_suffix_3", "bytes=-3 -> last 3", "bytes=-3")
range_case("range_single_byte", "bytes=0-0", "bytes=0-0")
range_case("range_last_byte", "bytes=19-19", "bytes=19-19")
range_case("range_suffix_larger", "suffix larger than file -> whole file as 206", "bytes=-100")
range_case("range_start_eq_size_416", "start == size -> 416", "bytes=20-")
range_case("range_suffix_zero_416", "bytes=-0 -> start=size -> 416", "bytes=-0")
range_case("range_inverted_400", "start > end -> 400", "bytes=5-2")
range_case("range_empty_400", "bytes= -> 400", "bytes=")
range_case("range_units_400", "non-bytes unit -> 400", "items=0-1")
range_case("range_units_case_ws", "unit is stripped and case-folded", " BYTES =0-1")
range_case("range_whitespace_parts", "whitespace around numbers tolerated", "bytes= 2 - 3 ")
range_case("range_plus_sign", "Python int() accepts '+1'", "bytes=+1-3")
range_case("range_neg_end_400", "bytes=2--3: end=-2 -> 400 start must be less than end", "bytes=2--3")
range_case("range_multi", "two ranges -> multipart/byteranges", "bytes=0-1,5-6")
range_case("range_multi_unsorted", "ranges are sorted", "bytes=10-12,0-1")
range_case("range_overlap_merged_single", "overlapping merge into one -> single 206 with content-range", "bytes=0-4,3-8")
range_case("range_adjacent_merged_single", "adjacent (0-4,5-9) also merged", "bytes=0-4,5-9")
range_case("range_multi_one_unsatisfiable_416", "any range out of bounds -> 416", "bytes=0-1,25-30")
range_case("range_multi_with_garbage", "junk parts ignored", "bytes=0-1,abc, - ,x-y")
range_case("range_too_many_ignored", "101 parts -> ranges ignored -> 200 full", "bytes=" + ",".join(["0-0"] * 101))
range_case("range_100_parts", "100 parts (all 0-0, merged) -> single 206", "bytes=" + ",".join(["0-0"] * 100))
range_case("range_head_multi", "HEAD multi range", "bytes=0-1,5-6", method="HEAD")
range_case("range_post_ignored", "POST: range ignored -> 200", "bytes=0-4", method="POST")
ETAG = '"774e28ab81fe9645100baa188188d827"'
file_case("if_range_etag_match", "If-Range equal to etag -> 206", request=get(("range", "bytes=0-4"), ("if-range", ETAG)))
file_case("if_range_etag_mismatch", "If-Range differs -> 200 full", request=get(("range", "bytes=0-4"), ("if-range", '"nope"')))
file_case("if_range_weak", "weak If-Range -> 200 full", request=get(("range", "bytes=0-4"), ("if-range", "W/" + ETAG)))
file_case(
    "if_range_custom_etag",
    "If-Range compared to caller-supplied etag",
    request=get(("range", "bytes=0-4"), ("if-range", '"mine"')),
    headers={"etag": '"mine"'},
)
range_case(
    "range_filename_disposition",
    "single range keeps content-disposition and appends content-range",
    "bytes=0-4",
    filename="\u00e9.txt",
)
range_case("range_multi_html", "multipart parts carry full content-type incl. charset", "bytes=0-1,3-4", path="files/page.html")
range_case("range_big_single", "single range larger than chunk_size", "bytes=10-65545", path="files/big.bin")
range_case("range_head_416", "HEAD out of range: 416 plain text", "bytes=99-", method="HEAD")
range_case("range_416_background_skipped", "416 path returns early: background task NOT run", "bytes=99-", _background=True)


@case(
    "range_multi_short_file_error",
    "stat_result larger than real file: multi-range RuntimeError mid-body",
    request=get(("range", "bytes=0-1,5-6")),
)
def _(events):
    return FileResponse("files/short.txt", stat_result=os.stat("files/hello.txt"))


@case(
    "file_reused_stale_length",
    "second call of the same object after the file grew: stale content-length 5, 10 bytes sent",
)
def _(events):
    Path("files/mutable.txt").write_bytes(b"12345")
    os.utime("files/mutable.txt", ns=(FIXED_MTIME_NS, FIXED_MTIME_NS))
    response = FileResponse("files/mutable.txt")
    asyncio.run(call(response, None, []))
    Path("files/mutable.txt").write_bytes(b"1234567890")
    os.utime("files/mutable.txt", ns=(FIXED_MTIME_NS, FIXED_MTIME_NS))
    return response


FIXED_MTIME_NS = 1700000000 * 10**9


def fixtures(tmp: Path) -> None:
    """Copies files/ into `tmp` with the modification times of meta.json."""
    meta = json.loads(META.read_text(encoding="utf-8"))
    (tmp / "files").mkdir()
    (tmp / "files" / "subdir").mkdir()
    for name, info in meta["fixtures"].items():
        target = tmp / "files" / name
        target.write_bytes((HERE / "files" / name).read_bytes())
        os.utime(target, ns=(info["mtime_ns_set"], info["mtime_ns_set"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args()
    if starlette.__version__ != "1.10.0":
        print(f"note: Starlette {starlette.__version__}; the committed vectors are from 1.10.0", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        fixtures(Path(tmp))
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            cases = [record(spec) for spec in CASES]
        finally:
            os.chdir(cwd)
    text = json.dumps(cases, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} differs from what Starlette {starlette.__version__} produces", file=sys.stderr)
            return 1
        print(f"{len(cases)} cases match Starlette {starlette.__version__}")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
