//! Criterion benchmarks: each group holds ours and the anchors, measured in the same run.
//!
//! ```text
//! cargo bench --features bench --bench responses            # everything (~5 minutes)
//! cargo bench --features bench --bench responses -- json/   # one family
//! cargo bench --features bench --bench responses -- openapi  # building the OpenAPI description
//! ```
//!
//! Absolute times on a noisy machine swing between runs; the ratios that `BENCHMARKS.md`
//! holds against its targets come from `benches/ratios.rs` (interleaved rounds). The size
//! sweep here feeds the chart (`benches/chart.py`).

mod common;

use std::cell::RefCell;
use std::hint::black_box;
use std::time::Duration;

use common::*;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::Serialize;

fn json_group<T: Serialize>(c: &mut Criterion, name: &str, v: &T, derived: fn(&T) -> Ours) {
    let mut g = c.benchmark_group(format!("json/{name}"));
    let buf = RefCell::new(Vec::new());
    g.bench_function("JsonResponse", |b| b.iter(|| ours_json(black_box(v))));
    g.bench_function("derived", |b| b.iter(|| derived(black_box(v))));
    g.bench_function("hand-written", |b| b.iter(|| hand_json(black_box(v))));
    g.bench_function("axum::Json", |b| b.iter(|| axum_json(black_box(v))));
    g.bench_function("actix-web", |b| b.iter(|| actix_json(black_box(v))));
    g.bench_function("floor", |b| {
        b.iter(|| floor_json(&mut buf.borrow_mut(), black_box(v)))
    });
    g.finish();
}

fn fast_group<T: Serialize>(c: &mut Criterion, name: &str, v: &T) {
    let mut g = c.benchmark_group(format!("fast_json/{name}"));
    g.bench_function("JsonResponse", |b| b.iter(|| ours_json(black_box(v))));
    g.bench_function("FastJsonResponse", |b| {
        b.iter(|| ours_fast_json(black_box(v)))
    });
    g.finish();
}

fn json(c: &mut Criterion) {
    let p = Payloads::new();
    json_group(c, "small", &p.small, derived_small);
    json_group(c, "medium", &p.medium, derived_medium);
    json_group(c, "large", &p.large, derived_large);
    fast_group(c, "small", &p.small);
    fast_group(c, "medium", &p.medium);
    fast_group(c, "large", &p.large);
}

fn text(c: &mut Criterion) {
    for (label, size) in [("1KiB", 1 << 10), ("1MiB", 1 << 20)] {
        let body = page(size);
        let batch = if size > 64 << 10 {
            BatchSize::NumIterations(64)
        } else {
            BatchSize::SmallInput
        };
        let mut g = c.benchmark_group(format!("html/{label}"));
        g.bench_function("HtmlResponse", |b| {
            b.iter_batched(|| body.clone(), ours_html, batch)
        });
        g.bench_function("hand-written", |b| {
            b.iter_batched(|| body.clone(), hand_html, batch)
        });
        g.bench_function("axum::response::Html", |b| {
            b.iter_batched(|| body.clone(), axum_html, batch)
        });
        g.finish();
        let mut g = c.benchmark_group(format!("text/{label}"));
        g.bench_function("PlainTextResponse", |b| {
            b.iter_batched(|| body.clone(), ours_text, batch)
        });
        g.bench_function("hand-written", |b| {
            b.iter_batched(|| body.clone(), hand_text, batch)
        });
        g.bench_function("axum (String)", |b| {
            b.iter_batched(|| body.clone(), axum_text, batch)
        });
        g.finish();
    }
}

fn others(c: &mut Criterion) {
    let mut g = c.benchmark_group("cookies");
    g.bench_function("one set-cookie, ours", |b| b.iter(ours_set_cookie));
    g.bench_function("one set-cookie, cookie crate", |b| b.iter(crate_set_cookie));
    g.bench_function("three cookies, ours", |b| b.iter(ours_cookies));
    g.bench_function("three cookies, hand-written", |b| b.iter(hand_cookies));
    g.finish();

    let mut g = c.benchmark_group("redirect");
    g.bench_function("RedirectResponse", |b| b.iter(ours_redirect));
    g.bench_function("hand-written (percent-encoding)", |b| b.iter(hand_redirect));
    g.finish();

    let small = small(7);
    let mut g = c.benchmark_group("enum");
    g.bench_function("JSON variant", |b| b.iter(|| ours_enum(black_box(&small))));
    g.bench_function("hand-written JSON arm", |b| {
        b.iter(|| hand_enum(black_box(&small)))
    });
    g.bench_function("unit variant", |b| b.iter(ours_enum_unit));
    g.bench_function("hand-written unit arm", |b| b.iter(hand_enum_unit));
    g.finish();
}

/// The OpenAPI description of a derived enum and of a class: made once, when the document is
/// built (at start-up), never per request.
fn openapi(c: &mut Criterion) {
    use utoipa::IntoResponses;
    let mut g = c.benchmark_group("openapi");
    g.bench_function("IntoResponses, derived enum of 3 variants", |b| {
        b.iter(|| black_box(<Outcome<'static> as IntoResponses>::responses()))
    });
    g.bench_function("IntoResponses, FileResponse (4 statuses)", |b| {
        b.iter(|| black_box(<responses::FileResponse as IntoResponses>::responses()))
    });
    g.finish();
}

fn sweep(c: &mut Criterion) {
    let mut g = c.benchmark_group("json_sweep");
    let buf = RefCell::new(Vec::new());
    for size in SWEEP {
        let v = sweep_payload(size);
        let len = serde_json::to_vec(&v).map_or(0, |b| b.len());
        g.throughput(Throughput::Bytes(len as u64));
        if size >= 1 << 20 {
            g.sample_size(10).measurement_time(Duration::from_secs(3));
        } else {
            g.sample_size(20).measurement_time(Duration::from_secs(2));
        }
        let id = |name: &str| BenchmarkId::new(name, size);
        g.bench_with_input(id("JsonResponse"), &v, |b, v| b.iter(|| ours_json(v)));
        g.bench_with_input(id("derived"), &v, |b, v| b.iter(|| derived_large(v)));
        g.bench_with_input(id("FastJsonResponse"), &v, |b, v| {
            b.iter(|| ours_fast_json(v))
        });
        g.bench_with_input(id("hand-written"), &v, |b, v| b.iter(|| hand_json(v)));
        g.bench_with_input(id("axum::Json"), &v, |b, v| b.iter(|| axum_json(v)));
        g.bench_with_input(id("actix-web"), &v, |b, v| b.iter(|| actix_json(v)));
        g.bench_with_input(id("floor"), &v, |b, v| {
            b.iter(|| floor_json(&mut buf.borrow_mut(), v))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = json, text, others, openapi, sweep
}
criterion_main!(benches);
