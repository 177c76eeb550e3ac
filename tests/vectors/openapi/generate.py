#!/usr/bin/env python3
"""Regenerates tests/vectors/openapi/fastapi.json: the OpenAPI document FastAPI writes for
routes that declare each response class, a status code, headers and cookies, and several
responses for one operation: the reference the OpenAPI features of this crate are compared
with.

Usage (from the repository root):

    python3 -m venv /tmp/fa && /tmp/fa/bin/pip install 'fastapi==0.165.0' orjson
    /tmp/fa/bin/python tests/vectors/openapi/generate.py            # writes the file
    /tmp/fa/bin/python tests/vectors/openapi/generate.py --check    # compares only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import fastapi
from fastapi import FastAPI
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    ORJSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from pydantic import BaseModel

OUT = Path(__file__).resolve().parent / "fastapi.json"

app = FastAPI(title="responses", version="0.1.0")


class User(BaseModel):
    id: int
    name: str


class Message(BaseModel):
    message: str


@app.get("/json", response_model=User)
def json_route():
    """A JSON body of a model: the default class."""


@app.post("/users", response_model=User, status_code=201)
def created():
    """201 with a model."""


@app.post(
    "/sessions",
    response_model=User,
    status_code=201,
    responses={
        201: {
            "headers": {
                "x-request-id": {"schema": {"type": "string"}},
                "set-cookie": {"schema": {"type": "string"}},
            }
        }
    },
)
def session():
    """201 with a header and a cookie, declared by hand in FastAPI."""


@app.get("/html", response_class=HTMLResponse)
def html():
    """An HTML page."""


@app.get("/plain", response_class=PlainTextResponse)
def plain():
    """Plain text."""


@app.get("/bytes", response_class=Response)
def raw():
    """A bare Response."""


@app.get("/redirect", response_class=RedirectResponse)
def redirect():
    """A redirect."""


@app.get("/redirect-302", response_class=RedirectResponse, status_code=302)
def redirect_302():
    """A redirect with its status."""


@app.get("/stream", response_class=StreamingResponse)
def stream():
    """A stream."""


@app.get("/file", response_class=FileResponse)
def file():
    """A file."""


@app.get("/orjson", response_class=ORJSONResponse)
def orjson_route():
    """ORJSONResponse."""


@app.delete("/items", status_code=204)
def deleted():
    """No content."""


@app.get(
    "/items",
    response_model=User,
    responses={
        404: {"model": Message},
        409: {"model": Message, "description": "Conflict"},
    },
)
def outcome():
    """One operation, three statuses: an enum of this crate."""


@app.get("/status-only", status_code=202, response_class=JSONResponse)
def accepted():
    """202, JSON of anything."""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    document = app.openapi()
    document["x-generated-by"] = {
        "fastapi": fastapi.__version__,
        "script": "tests/vectors/openapi/generate.py",
    }
    text = json.dumps(document, indent=1, sort_keys=True) + "\n"
    if args.check:
        if OUT.read_text() != text:
            print("fastapi.json differs from what FastAPI writes now", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
