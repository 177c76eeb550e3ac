#!/usr/bin/env python3
"""Regenerates tests/vectors/fastapi_docs/expected.json: what the examples of FastAPI's docs
pages "Custom Response", "Return a Response Directly", "Response Cookies", "Response
Headers", "Change Status Code", "Additional Responses" and "Background Tasks" answer, for the
test of examples/fastapi_docs (tests/fastapi_docs.rs).

Usage (from the repository root):

    python3 -m venv /tmp/fa && /tmp/fa/bin/pip install 'fastapi==0.165.0' httpx orjson
    /tmp/fa/bin/python tests/vectors/fastapi_docs/generate.py            # writes the file
    /tmp/fa/bin/python tests/vectors/fastapi_docs/generate.py --check    # compares only

Each docs example is served under `/<page>/<example>` (the docs' own path after it), in the
order of the docs; the Rust example serves the same paths. Each request is made with
Starlette's TestClient, which does not follow redirects here; the record is the status, the
response headers in order (`etag` and `last-modified` of files depend on the checkout's file
times and are recorded as `*`), the body, and for background tasks the log they wrote.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar

import orjson
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    ORJSONResponse,
    PlainTextResponse,
    RedirectResponse,
    StreamingResponse,
)
from fastapi.testclient import TestClient
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[3]
FILES = ROOT / "examples" / "fastapi_docs" / "files"
OUT = Path(__file__).resolve().parent / "expected.json"
VARIES = {"etag", "last-modified"}

app = FastAPI()


def page(prefix: str, **kwargs: Any) -> APIRouter:
    router = APIRouter(prefix=prefix, **kwargs)
    return router


# ---- Custom Response -------------------------------------------------------------------

# tutorial001b: ORJSONResponse as the response class
r = page("/custom-response/001b")


@r.get("/items/", response_class=ORJSONResponse)
async def read_items_001b():
    return ORJSONResponse([{"item_id": "Foo"}])


app.include_router(r)

HTML = """
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    """

# tutorial002: response_class=HTMLResponse
r = page("/custom-response/002")


@r.get("/items/", response_class=HTMLResponse)
async def read_items_002():
    return HTML


app.include_router(r)

# tutorial003: return an HTMLResponse directly
r = page("/custom-response/003")


@r.get("/items/")
async def read_items_003():
    return HTMLResponse(content=HTML, status_code=200)


app.include_router(r)

# tutorial004: both
r = page("/custom-response/004")


def generate_html_response():
    return HTMLResponse(content=HTML, status_code=200)


@r.get("/items/", response_class=HTMLResponse)
async def read_items_004():
    return generate_html_response()


app.include_router(r)

# tutorial005: PlainTextResponse
r = page("/custom-response/005")


@r.get("/", response_class=PlainTextResponse)
async def main_005():
    return "Hello World"


app.include_router(r)

# tutorial006, 006b, 006c: RedirectResponse
r = page("/custom-response/006")


@r.get("/typer")
async def redirect_typer():
    return RedirectResponse("https://typer.tiangolo.com")


@r.get("/fastapi", response_class=RedirectResponse)
async def redirect_fastapi():
    return "https://fastapi.tiangolo.com"


@r.get("/pydantic", response_class=RedirectResponse, status_code=302)
async def redirect_pydantic():
    return "https://docs.pydantic.dev/"


app.include_router(r)

# tutorial007: StreamingResponse from an async generator
r = page("/custom-response/007")


async def fake_video_streamer():
    for i in range(10):
        yield b"some fake video bytes"
        await asyncio.sleep(0.01)


@r.get("/")
async def main_007():
    return StreamingResponse(fake_video_streamer())


app.include_router(r)

# tutorial008: StreamingResponse from a file-like object
r = page("/custom-response/008")
some_file_path = str(FILES / "large-video-file.mp4")


@r.get("/")
def main_008():
    def iterfile():
        with open(some_file_path, mode="rb") as file_like:
            yield from file_like

    return StreamingResponse(iterfile(), media_type="video/mp4")


app.include_router(r)

# tutorial009, 009b: FileResponse
r = page("/custom-response/009")


@r.get("/")
async def main_009():
    return FileResponse(some_file_path)


@r.get("/b", response_class=FileResponse)
async def main_009b():
    return some_file_path


app.include_router(r)

# tutorial009c: a response class with its own render


class CustomORJSONResponse(Response):
    media_type: ClassVar[str] = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_INDENT_2)


r = page("/custom-response/009c")


@r.get("/", response_class=CustomORJSONResponse)
async def main_009c():
    return {"message": "Hello World"}


app.include_router(r)

# tutorial010: a default response class
r = page("/custom-response/010", default_response_class=ORJSONResponse)


@r.get("/items/")
async def read_items_010():
    return [{"item_id": "Foo"}]


app.include_router(r)

# ---- Return a Response Directly ---------------------------------------------------------


class Item(BaseModel):
    title: str
    timestamp: datetime
    description: str | None = None


r = page("/response-directly/001")


@r.put("/items/{id}")
def update_item(id: str, item: Item):
    json_compatible_item_data = jsonable_encoder(item)
    return JSONResponse(content=json_compatible_item_data)


app.include_router(r)

r = page("/response-directly/002")


@r.get("/legacy/")
def get_legacy_data():
    data = """<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    """
    return Response(content=data, media_type="application/xml")


app.include_router(r)

# ---- Response Cookies -------------------------------------------------------------------

r = page("/response-cookies/001")


@r.post("/cookie/")
def create_cookie_001():
    content = {"message": "Come to the dark side, we have cookies"}
    response = JSONResponse(content=content)
    response.set_cookie(key="fakesession", value="fake-cookie-session-value")
    return response


app.include_router(r)

r = page("/response-cookies/002")


@r.post("/cookie-and-object/")
def create_cookie_002(response: Response):
    response.set_cookie(key="fakesession", value="fake-cookie-session-value")
    return {"message": "Come to the dark side, we have cookies"}


app.include_router(r)

# ---- Response Headers -------------------------------------------------------------------

r = page("/response-headers/001")


@r.get("/headers/")
def get_headers_001():
    content = {"message": "Hello World"}
    headers = {"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"}
    return JSONResponse(content=content, headers=headers)


app.include_router(r)

r = page("/response-headers/002")


@r.get("/headers-and-object/")
def get_headers_002(response: Response):
    response.headers["X-Cat-Dog"] = "alone in the world"
    return {"message": "Hello World"}


app.include_router(r)

# ---- Change Status Code -----------------------------------------------------------------

tasks = {"foo": "Listen to the Bars Fighters"}
r = page("/response-change-status-code/001")


@r.put("/get-or-create-task/{task_id}", status_code=200)
def get_or_create_task(task_id: str, response: Response):
    if task_id not in tasks:
        tasks[task_id] = "This didn't exist before"
        response.status_code = status.HTTP_201_CREATED
    return tasks[task_id]


app.include_router(r)

# ---- Additional Responses ---------------------------------------------------------------


class AdditionalItem(BaseModel):
    id: str
    value: str


class Message(BaseModel):
    message: str


r = page("/additional-responses/001")


@r.get("/items/{item_id}", response_model=AdditionalItem, responses={404: {"model": Message}})
async def read_item_001(item_id: str):
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    return JSONResponse(status_code=404, content={"message": "Item not found"})


app.include_router(r)

r = page("/additional-responses/002")


@r.get(
    "/items/{item_id}",
    response_model=AdditionalItem,
    responses={200: {"content": {"image/png": {}}, "description": "Return the JSON item or an image."}},
)
async def read_item_002(item_id: str, img: bool | None = None):
    if img:
        return FileResponse(str(FILES / "image.png"), media_type="image/png")
    return {"id": "foo", "value": "there goes my hero"}


app.include_router(r)

# ---- Background Tasks -------------------------------------------------------------------

r = page("/background-tasks/001")


def write_notification(email: str, message=""):
    with open("log.txt", mode="w") as email_file:
        content = f"notification for {email}: {message}"
        email_file.write(content)


@r.post("/send-notification/{email}")
async def send_notification_001(email: str, background_tasks: BackgroundTasks):
    background_tasks.add_task(write_notification, email, message="some notification")
    return {"message": "Notification sent in the background"}


app.include_router(r)

r = page("/background-tasks/002")


def write_log(message: str):
    with open("log.txt", mode="a") as log:
        log.write(message)


def get_query(background_tasks: BackgroundTasks, q: str | None = None):
    if q:
        message = f"found query: {q}\n"
        background_tasks.add_task(write_log, message)
    return q


@r.post("/send-notification/{email}")
async def send_notification_002(
    email: str, background_tasks: BackgroundTasks, q: Annotated[str, Depends(get_query)]
):
    message = f"message to {email}\n"
    background_tasks.add_task(write_log, message)
    return {"message": "Message sent"}


app.include_router(r)

# ---- The requests -----------------------------------------------------------------------

ITEM = {"title": "Foo", "timestamp": "2024-05-06T07:08:09", "description": None}

REQUESTS: list[tuple[str, str, Any]] = [
    ("GET", "/custom-response/001b/items/", None),
    ("GET", "/custom-response/002/items/", None),
    ("GET", "/custom-response/003/items/", None),
    ("GET", "/custom-response/004/items/", None),
    ("GET", "/custom-response/005/", None),
    ("GET", "/custom-response/006/typer", None),
    ("GET", "/custom-response/006/fastapi", None),
    ("GET", "/custom-response/006/pydantic", None),
    ("GET", "/custom-response/007/", None),
    ("GET", "/custom-response/008/", None),
    ("GET", "/custom-response/009/", None),
    ("GET", "/custom-response/009/b", None),
    ("GET", "/custom-response/009c/", None),
    ("GET", "/custom-response/010/items/", None),
    ("PUT", "/response-directly/001/items/7", ITEM),
    ("GET", "/response-directly/002/legacy/", None),
    ("POST", "/response-cookies/001/cookie/", None),
    ("POST", "/response-cookies/002/cookie-and-object/", None),
    ("GET", "/response-headers/001/headers/", None),
    ("GET", "/response-headers/002/headers-and-object/", None),
    ("PUT", "/response-change-status-code/001/get-or-create-task/foo", None),
    ("PUT", "/response-change-status-code/001/get-or-create-task/bar", None),
    ("PUT", "/response-change-status-code/001/get-or-create-task/bar", None),
    ("GET", "/additional-responses/001/items/foo", None),
    ("GET", "/additional-responses/001/items/bar", None),
    ("GET", "/additional-responses/002/items/foo", None),
    ("GET", "/additional-responses/002/items/foo?img=true", None),
    ("POST", "/background-tasks/001/send-notification/foo@example.com", None),
    ("POST", "/background-tasks/002/send-notification/foo@example.com?q=some-query", None),
    ("POST", "/background-tasks/002/send-notification/bar@example.com", None),
]


def body_record(body: bytes) -> dict[str, str]:
    try:
        return {"text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(body).decode("ascii")}


def record() -> list[dict[str, Any]]:
    out = []
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        client = TestClient(app, follow_redirects=False)
        for method, path, json_body in REQUESTS:
            response = client.request(method, path, json=json_body)
            headers = [
                [k.decode("latin-1"), "*" if k.decode("latin-1") in VARIES else v.decode("latin-1")]
                for k, v in response.headers.raw
            ]
            entry: dict[str, Any] = {
                "method": method,
                "path": path,
                "status": response.status_code,
                "headers": headers,
                "body": body_record(response.content),
            }
            if json_body is not None:
                entry["request_json"] = json.dumps(json_body, separators=(",", ":"))
            if path.startswith("/background-tasks/"):
                entry["log"] = Path("log.txt").read_text()
            out.append(entry)
        os.chdir(ROOT)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    import fastapi

    data = {
        "fastapi": fastapi.__version__,
        "generated_by": "tests/vectors/fastapi_docs/generate.py",
        "responses": record(),
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        if OUT.read_text() != text:
            print("expected.json differs from what FastAPI answers now", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
