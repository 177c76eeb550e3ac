#!/usr/bin/env python3
"""Generator and statistics for benches/compile_time.sh (Python 3 standard library only).

    compile_time_gen.py gen OUT_DIR RUNTIME_DIR N [LOCKFILE]
        writes three crates under OUT_DIR:
          derived/      N response types with `#[derive(responses::Response)]`
          handwritten/  the same N types with a hand-written `impl responses::IntoHttp`
          check/        a binary that builds every sample response of both crates and
                        compares status, headers (in order) and body bytes
        Each crate has its own `[workspace]` table; LOCKFILE (the repository's Cargo.lock)
        is copied into each so that all three resolve the same dependency versions.

    compile_time_gen.py stats RESULTS_FILE
        reads lines `profile phase crate round seconds` and prints the markdown report.

Both crates come from the one table `KINDS` below: each kind has a derived and a
hand-written form of the same response, so the two crates stay in step. Every module also
has `const LABEL`, a string literal used by its samples; compile_time.sh edits the last
module's LABEL for the incremental rebuild.
"""

import os
import shutil
import statistics
import sys
from collections import defaultdict

# Kind order: a small N still covers every shape (N=5 gives plain JSON, JSON with a header
# and a cookie, HTML, a 3-variant enum, a 2-variant enum with a struct variant).
ORDER = [0, 3, 4, 6, 8, 1, 2, 5, 7, 9]


def kind_source(kind, i, derived):
    """Rust source of module `t{i}`: the type, (hand-written impl), and `samples()`."""
    t = f"T{i}"
    label = f'pub const LABEL: &str = "t{i}-v0";\n\n'
    if kind == 0:  # plain JSON, 200
        if derived:
            ty = f"""#[derive(serde::Serialize, responses::Response)]
#[response(media_type = "application/json")]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::JsonResponse::new(self).into_http()
    }}
}}
"""
        samples = f"vec![{t} {{ id: {i}, name: LABEL.to_owned(), active: true }}.into_http()]"
    elif kind == 1:  # JSON, 201
        if derived:
            ty = f"""#[derive(serde::Serialize, responses::Response)]
#[response(status = 201, media_type = "application/json")]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::JsonResponse::new(self).with_status_code(201).into_http()
    }}
}}
"""
        samples = f"vec![{t} {{ id: {i}, name: LABEL.to_owned(), active: false }}.into_http()]"
    elif kind == 2:  # JSON with a header field
        if derived:
            ty = f"""#[derive(responses::Response)]
#[response(media_type = "application/json")]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
    #[response(header = "x-request-id")]
    pub request_id: String,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    pub active: bool,
    #[serde(skip)]
    pub request_id: String,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(mut self) -> Result<http::Response<responses::Body>, responses::Error> {{
        let request_id = std::mem::take(&mut self.request_id);
        responses::JsonResponse::new(self)
            .with_header("x-request-id", request_id)
            .into_http()
    }}
}}
"""
        samples = (
            f'vec![{t} {{ id: {i}, name: LABEL.to_owned(), active: true, '
            f'request_id: "req-{i}".to_owned() }}.into_http()]'
        )
    elif kind == 3:  # JSON, 201, static header, header field and cookie field
        if derived:
            ty = f"""#[derive(responses::Response)]
#[response(status = 201, media_type = "application/json", header("cache-control" = "no-store"))]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    #[response(header = "x-request-id")]
    pub request_id: String,
    #[response(cookie)]
    pub session: Option<responses::Cookie>,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub id: u64,
    pub name: String,
    #[serde(skip)]
    pub request_id: String,
    #[serde(skip)]
    pub session: Option<responses::Cookie>,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(mut self) -> Result<http::Response<responses::Body>, responses::Error> {{
        let request_id = std::mem::take(&mut self.request_id);
        let session = self.session.take();
        let mut r = responses::JsonResponse::new(self)
            .with_status_code(201)
            .with_header("cache-control", "no-store")
            .with_header("x-request-id", request_id);
        if let Some(cookie) = session {{
            r = r.with_cookie(cookie);
        }}
        r.into_http()
    }}
}}
"""
        samples = (
            f'vec![\n        {t} {{ id: {i}, name: LABEL.to_owned(), request_id: "req-{i}".to_owned(), '
            f'session: Some(responses::Cookie::new("session", "s{i}").http_only(true)) }}.into_http(),\n'
            f'        {t} {{ id: {i}, name: LABEL.to_owned(), request_id: String::new(), '
            f"session: None }}.into_http(),\n    ]"
        )
    elif kind == 4:  # HTML page
        if derived:
            ty = f"""#[derive(responses::Response)]
#[response(media_type = "text/html")]
pub struct {t} {{
    #[response(body)]
    pub html: String,
}}
"""
        else:
            ty = f"""pub struct {t} {{
    pub html: String,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::HtmlResponse::new(self.html).into_http()
    }}
}}
"""
        samples = f'vec![{t} {{ html: format!("<h1>{{LABEL}}</h1>") }}.into_http()]'
    elif kind == 5:  # problem+json, 422
        if derived:
            ty = f"""#[derive(serde::Serialize, responses::Response)]
#[response(status = 422, media_type = "application/problem+json")]
pub struct {t} {{
    pub title: String,
    pub detail: String,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub title: String,
    pub detail: String,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::JsonResponse::new(self)
            .with_status_code(422)
            .with_media_type("application/problem+json")
            .into_http()
    }}
}}
"""
        samples = (
            f'vec![{t} {{ title: LABEL.to_owned(), detail: "field {i} is invalid".to_owned() }}'
            ".into_http()]"
        )
    elif kind == 6:  # enum, 3 variants: JSON 200, status-only 404, text 409
        item = f"""#[derive(serde::Serialize)]
pub struct {t}Item {{
    pub id: u64,
    pub name: String,
}}

"""
        if derived:
            ty = item + f"""#[derive(responses::Response)]
pub enum {t} {{
    #[response(status = 200)]
    Found({t}Item),
    #[response(status = 404)]
    Missing,
    #[response(status = 409, media_type = "text/plain")]
    Conflict(String),
}}
"""
        else:
            ty = item + f"""pub enum {t} {{
    Found({t}Item),
    Missing,
    Conflict(String),
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        match self {{
            {t}::Found(item) => responses::JsonResponse::new(item).into_http(),
            {t}::Missing => responses::Response::empty().with_status_code(404).into_http(),
            {t}::Conflict(text) => responses::PlainTextResponse::new(text)
                .with_status_code(409)
                .into_http(),
        }}
    }}
}}
"""
        samples = (
            f"vec![\n        {t}::Found({t}Item {{ id: {i}, name: LABEL.to_owned() }}).into_http(),\n"
            f"        {t}::Missing.into_http(),\n"
            f"        {t}::Conflict(LABEL.to_owned()).into_http(),\n    ]"
        )
    elif kind == 7:  # plain text, 202, header field of an integer
        if derived:
            ty = f"""#[derive(responses::Response)]
#[response(status = 202, media_type = "text/plain")]
pub struct {t} {{
    #[response(body)]
    pub text: String,
    #[response(header = "x-page")]
    pub page: u32,
}}
"""
        else:
            ty = f"""pub struct {t} {{
    pub text: String,
    pub page: u32,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::PlainTextResponse::new(self.text)
            .with_status_code(202)
            .with_header("x-page", self.page)
            .into_http()
    }}
}}
"""
        samples = f"vec![{t} {{ text: LABEL.to_owned(), page: {i} }}.into_http()]"
    elif kind == 8:  # enum, 2 variants, enum-level header; struct variant with a header field
        if derived:
            ty = f"""#[derive(responses::Response)]
#[response(header("x-api-version" = "1"))]
pub enum {t} {{
    #[response(status = 201)]
    Created {{
        id: u64,
        #[response(header = "location")]
        location: String,
    }},
    #[response(status = 410)]
    Gone,
}}
"""
        else:
            ty = f"""pub enum {t} {{
    Created {{ id: u64, location: String }},
    Gone,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        match self {{
            {t}::Created {{ id, location }} => {{
                #[derive(serde::Serialize)]
                struct Body {{
                    id: u64,
                }}
                responses::JsonResponse::new(Body {{ id }})
                    .with_status_code(201)
                    .with_header("x-api-version", "1")
                    .with_header("location", location)
                    .into_http()
            }}
            {t}::Gone => responses::Response::empty()
                .with_status_code(410)
                .with_header("x-api-version", "1")
                .into_http(),
        }}
    }}
}}
"""
        samples = (
            f'vec![\n        {t}::Created {{ id: {i}, location: format!("/items/{{LABEL}}") }}.into_http(),\n'
            f"        {t}::Gone.into_http(),\n    ]"
        )
    elif kind == 9:  # JSON with a list, static header
        if derived:
            ty = f"""#[derive(serde::Serialize, responses::Response)]
#[response(status = 200, header("cache-control" = "max-age=60"))]
pub struct {t} {{
    pub items: Vec<u32>,
    pub total: u64,
    pub next: Option<String>,
}}
"""
        else:
            ty = f"""#[derive(serde::Serialize)]
pub struct {t} {{
    pub items: Vec<u32>,
    pub total: u64,
    pub next: Option<String>,
}}

impl responses::IntoHttp for {t} {{
    fn into_http(self) -> Result<http::Response<responses::Body>, responses::Error> {{
        responses::JsonResponse::new(self)
            .with_header("cache-control", "max-age=60")
            .into_http()
    }}
}}
"""
        samples = (
            f"vec![{t} {{ items: vec![1, 2, {i}], total: 3, next: Some(LABEL.to_owned()) }}"
            ".into_http()]"
        )
    else:
        raise ValueError(kind)
    return (
        f"//! Response type {i} (kind {kind}).\n\n"
        "use responses::http;\n"
        "use responses::IntoHttp as _;\n\n"
        + label
        + ty
        + "\n/// Sample values, converted.\n"
        "pub fn samples() -> Vec<Result<http::Response<responses::Body>, responses::Error>> {\n"
        f"    {samples}\n"
        "}\n"
    )


def cargo_toml(name, deps):
    lines = [
        "[package]",
        f'name = "{name}"',
        'version = "0.1.0"',
        'edition = "2024"',
        "publish = false",
        "",
        "# Not part of any enclosing workspace.",
        "[workspace]",
        "",
        "[dependencies]",
    ]
    lines += deps
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def gen(out, runtime, n, lockfile=None):
    runtime = os.path.abspath(runtime)
    common = [
        f'responses = {{ path = "{runtime}" }}',
        'serde = { version = "1", features = ["derive"] }',
    ]
    for name, derived in (("derived", True), ("handwritten", False)):
        root = os.path.join(out, name)
        write(os.path.join(root, "Cargo.toml"), cargo_toml(name, common))
        mods = []
        for i in range(n):
            kind = ORDER[i % len(ORDER)]
            write(os.path.join(root, "src", f"t{i}.rs"), kind_source(kind, i, derived))
            mods.append(f"t{i}")
        how = "#[derive(responses::Response)]" if derived else "hand-written IntoHttp impls"
        lib = (
            f"//! {n} response types, {how} (generated by benches/compile_time_gen.py).\n\n"
            + "".join(f"pub mod {m};\n" for m in mods)
            + "\n/// Every sample response of every type, in order.\n"
            "pub fn all() -> Vec<Result<responses::http::Response<responses::Body>, responses::Error>> {\n"
            "    let mut v = Vec::new();\n"
            + "".join(f"    v.extend({m}::samples());\n" for m in mods)
            + "    v\n}\n"
        )
        write(os.path.join(root, "src", "lib.rs"), lib)
        if lockfile:
            shutil.copyfile(lockfile, os.path.join(root, "Cargo.lock"))

    root = os.path.join(out, "check")
    write(
        os.path.join(root, "Cargo.toml"),
        cargo_toml(
            "check",
            [
                f'responses = {{ path = "{runtime}" }}',
                'derived = { path = "../derived" }',
                'handwritten = { path = "../handwritten" }',
            ],
        ),
    )
    write(
        os.path.join(root, "src", "main.rs"),
        r"""//! Every sample response of `derived` equals the one of `handwritten`: status, headers
//! in order, body bytes.

use responses::http;

type Seen = (u16, Vec<(String, Vec<u8>)>, Option<Vec<u8>>);

fn seen(r: Result<http::Response<responses::Body>, responses::Error>) -> Result<Seen, String> {
    let r = r.map_err(|e| format!("error: {e}"))?;
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    Ok((r.status().as_u16(), headers, r.body().as_bytes().map(<[u8]>::to_vec)))
}

fn main() {
    let d = derived::all();
    let h = handwritten::all();
    assert_eq!(d.len(), h.len(), "sample counts differ");
    let n = d.len();
    let mut bad = 0;
    for (i, (d, h)) in d.into_iter().zip(h).enumerate() {
        let (d, h) = (seen(d), seen(h));
        if d != h || d.is_err() {
            bad += 1;
            eprintln!("sample {i}:\n  derived:     {d:?}\n  handwritten: {h:?}");
        }
    }
    if bad > 0 {
        eprintln!("{bad} of {n} sample responses differ");
        std::process::exit(1);
    }
    println!("check: all {n} sample responses of derived and handwritten are equal");
}
""",
    )
    if lockfile:
        shutil.copyfile(lockfile, os.path.join(root, "Cargo.lock"))


def percentiles(v):
    """Median, 25th and 75th percentile, linear interpolation (as benches/ratios.rs)."""
    v = sorted(v)

    def at(q):
        x = q * (len(v) - 1)
        lo, hi = int(x // 1), int(-(-x // 1))
        return v[lo] + (v[hi] - v[lo]) * (x - lo)

    return at(0.5), at(0.25), at(0.75)


def stats(path, target=1.2):
    # times[(profile, phase)][crate][round] = seconds
    times = defaultdict(lambda: defaultdict(dict))
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            profile, phase, crate, rnd, secs = line.split()
            times[(profile, phase)][crate][int(rnd)] = float(secs)
    rows = []
    all_met = True
    for (profile, phase), by_crate in times.items():
        d, h = by_crate.get("derived", {}), by_crate.get("handwritten", {})
        rounds = sorted(set(d) & set(h))
        if not rounds:
            continue
        ratios = [d[r] / h[r] for r in rounds]
        med, p25, p75 = percentiles(ratios)
        met = med <= target
        all_met &= met
        rows.append(
            f"| {phase}, {'debug' if profile == 'dev' else profile} "
            f"| {statistics.median(d[r] for r in rounds):.2f} s "
            f"| {statistics.median(h[r] for r in rounds):.2f} s "
            f"| {med:.3f} | {p25:.3f}–{p75:.3f} | ≤ {target} | {'met' if met else 'MISSED'} |"
        )
    print("| build | derived (median) | hand-written (median) | ratio derived / hand-written "
          "(median of per-round ratios) | p25–p75 | target | |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    return 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "gen":
        gen(argv[2], argv[3], int(argv[4]), argv[5] if len(argv) > 5 else None)
        return 0
    if len(argv) == 3 and argv[1] == "stats":
        return stats(argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
