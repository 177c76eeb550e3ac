#!/usr/bin/env python3
"""Regenerates tests/vectors/sse/fastapi.json: what FastAPI writes for Server-Sent Events and
JSON Lines, the reference `tests/sse.rs` compares this crate's bytes with.

* `format`: FastAPI's own encoder, `fastapi.sse.format_sse_event`, over awkward inputs (line
  ends of every kind, `\\v`, U+2028, empty values, non-ASCII, every field at once), including
  the cases of FastAPI's `tests/test_sse.py`.
* `invalid`: the `ServerSentEvent`s FastAPI refuses, with its message.
* `routes`: whole responses of FastAPI apps (status, headers in order, body bytes) for
  typed and untyped generators of items, `ServerSentEvent`s with every field, `raw_data`,
  and JSON Lines.
* `openapi`: the responses FastAPI documents for an SSE and a JSON Lines route.

Usage (from the repository root):

    python3 -m venv /tmp/fa && /tmp/fa/bin/pip install 'fastapi==0.165.0' httpx
    /tmp/fa/bin/python tests/vectors/sse/generate.py            # writes the file
    /tmp/fa/bin/python tests/vectors/sse/generate.py --check    # compares only
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterable
from pathlib import Path
from typing import Any

import fastapi
from fastapi import FastAPI
from fastapi.responses import EventSourceResponse
from fastapi.sse import ServerSentEvent, format_sse_event
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

OUT = Path(__file__).resolve().parent / "fastapi.json"

# Each case: the keyword arguments of format_sse_event.
FORMAT_CASES: list[dict[str, Any]] = [
    # tests/test_sse.py: test_format_sse_event_splitlines_behavior_in_data
    {"data_str": "Hello\n"},
    {"data_str": "Hello\n\n"},
    {"data_str": "\n"},
    {"data_str": "Hello\r\nWorld"},
    {"data_str": "Hello\rWorld"},
    {"data_str": "A\u2028B"},
    {"data_str": "A\vB"},
    {"data_str": ""},
    # tests/test_sse.py: test_format_sse_event_splitlines_behavior_in_comment
    {"comment": "hi\n"},
    # More awkward ones.
    {"data_str": "A\fB"},
    {"data_str": "A\u0085B"},
    {"data_str": "A\r\rB"},
    {"data_str": "A\n\rB"},
    {"data_str": "\r\n"},
    {"data_str": "Grüße, ☃, 日本"},
    {"data_str": "  leading and trailing spaces  "},
    {"data_str": ": looks like a comment"},
    {"data_str": "data: looks like a field"},
    {"comment": ""},
    {"comment": "multi\nline\r\ncomment\rhere"},
    {"comment": "ping"},
    {"event": "greeting"},
    {"event": ""},
    {"event": "update ☃"},
    {"id": "1"},
    {"id": ""},
    {"id": "abc-123 ☃"},
    {"retry": 0},
    {"retry": 5000},
    {"retry": 18446744073709551615},
    {
        "comment": "all fields",
        "event": "update",
        "data_str": '{"n":1}\nsecond',
        "id": "42",
        "retry": 3000,
    },
    {"event": "only-event", "id": "7"},
    {},
]

# Each case: keyword arguments of ServerSentEvent that FastAPI refuses.
INVALID_CASES: list[dict[str, Any]] = [
    {"field": "event", "value": "first\nsecond"},
    {"field": "event", "value": "first\rsecond"},
    {"field": "event", "value": "first\r\nsecond"},
    {"field": "id", "value": "first\nsecond"},
    {"field": "id", "value": "first\rsecond"},
    {"field": "id", "value": "first\r\nsecond"},
    {"field": "id", "value": "has\0null"},
    {"field": "retry", "value": -1},
    {"field": "retry", "value": 1.5},
    {"field": "data_and_raw_data", "value": None},
]


class Item(BaseModel):
    name: str
    description: str | None = None
    price: float = 0.0


ITEMS = [
    Item(name="Plumbus", description="A multi-purpose household device.", price=3.5),
    Item(name="Portal Gun", description=None, price=1000.0),
    Item(name="Grüße ☃", description="line\nbreak", price=0.1),
]

app = FastAPI()


@app.get("/typed", response_class=EventSourceResponse)
async def typed() -> AsyncIterable[Item]:
    for item in ITEMS:
        yield item


@app.get("/events", response_class=EventSourceResponse)
async def events():
    # tests/test_sse.py: sse_items_event, with a model as data.
    yield ServerSentEvent(data="hello", event="greeting", id="1")
    yield ServerSentEvent(data=ITEMS[0], event="json-data", id="2")
    yield ServerSentEvent(comment="just a comment")
    yield ServerSentEvent(data="retry-test", retry=5000)
    yield ServerSentEvent(data="multi\nline", comment="two\nlines", event="e", id="3", retry=0)
    yield ServerSentEvent()


@app.get("/raw", response_class=EventSourceResponse)
async def raw():
    # tests/test_sse.py: sse_items_raw
    yield ServerSentEvent(raw_data="plain text without quotes")
    yield ServerSentEvent(raw_data="<div>html fragment</div>", event="html")
    yield ServerSentEvent(raw_data="cpu,87.3,1709145600", event="csv")
    yield ServerSentEvent(raw_data="two\r\nlines")


@app.get("/strings", response_class=EventSourceResponse)
async def strings() -> AsyncIterable[str]:
    for s in ["plain text data", "", "quote \" and \\ backslash", "Grüße ☃"]:
        yield s


@app.get("/jsonl")
async def jsonl() -> AsyncIterable[Item]:
    for item in ITEMS:
        yield item


@app.get("/jsonl-strings")
async def jsonl_strings() -> AsyncIterable[str]:
    for s in ["a", "", "line\nbreak", "☃"]:
        yield s


def route(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get(path)
    return {
        "path": path,
        "status": response.status_code,
        "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in response.headers.raw],
        "body": response.content.decode("utf-8"),
    }


def invalid(case: dict[str, Any]) -> dict[str, Any]:
    field, value = case["field"], case["value"]
    try:
        if field == "data_and_raw_data":
            ServerSentEvent(data="json", raw_data="raw")
        else:
            ServerSentEvent(data="test", **{field: value})
    except ValidationError as error:
        return {**case, "error": error.errors()[0]["msg"]}
    raise AssertionError(f"FastAPI accepted {case!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with TestClient(app) as client:
        routes = [
            route(client, p)
            for p in ["/typed", "/events", "/raw", "/strings", "/jsonl", "/jsonl-strings"]
        ]
    openapi = app.openapi()
    document = {
        "generated_by": {"fastapi": fastapi.__version__, "script": "tests/vectors/sse/generate.py"},
        "format": [
            {"input": case, "output": format_sse_event(**case).decode("utf-8")}
            for case in FORMAT_CASES
        ],
        "invalid": [invalid(case) for case in INVALID_CASES],
        "routes": routes,
        "openapi": {
            p: openapi["paths"][p]["get"]["responses"] for p in ["/typed", "/events", "/jsonl"]
        },
        "components": openapi.get("components", {}),
    }
    text = json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print("fastapi.json differs from what FastAPI writes now", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
