//! Interleaved ratio runner: the figures `BENCHMARKS.md` quotes against its targets.
//!
//! On a noisy machine, absolute times swing between rounds minutes apart; ratios measured
//! side by side do not. So every comparison runs many short rounds in one process; in each
//! round every variant is measured once (a few milliseconds), in an order that rotates from
//! round to round; the ratio of two variants is taken per round, and the median of those
//! per-round ratios is quoted, with the spread (25th–75th percentile) next to it.
//!
//! ```text
//! cargo bench --features bench --bench ratios            # every comparison
//! cargo bench --features bench --bench ratios -- json    # names containing "json"
//! ROUNDS=101 SAMPLE_MS=5 cargo bench --features bench --bench ratios
//! ```
//!
//! It prints a Markdown table and writes `target/ratios.json`.

mod common;

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::*;
use responses::IntoHttp as _;

/// Runs `iters` iterations of one variant and returns the time they took.
type Run<'a> = Box<dyn FnMut(u64) -> Duration + 'a>;

struct Variant<'a> {
    name: &'static str,
    run: Run<'a>,
}

/// A variant whose output is dropped inside the timed loop (as a server drops a response).
fn timed<'a, T>(name: &'static str, mut f: impl FnMut() -> T + 'a) -> Variant<'a> {
    Variant {
        name,
        run: Box::new(move |iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            start.elapsed()
        }),
    }
}

/// A variant that takes its body by value: the bodies are cloned before the clock starts,
/// and the responses dropped after it stops, so that what is timed is building the response
/// around a body that already exists.
fn moved<'a, T: 'a>(name: &'static str, body: &'a str, f: fn(String) -> T) -> Variant<'a> {
    Variant {
        name,
        run: Box::new(move |iters| {
            let bodies: Vec<String> = (0..iters).map(|_| body.to_owned()).collect();
            let mut out = Vec::with_capacity(bodies.len());
            let start = Instant::now();
            for b in bodies {
                out.push(black_box(f(b)));
            }
            let elapsed = start.elapsed();
            drop(out);
            elapsed
        }),
    }
}

/// What a comparison checks: the median per-round ratio of `ours` to the fastest of
/// `anchors` (each round's fastest), against `limit` (`≤` unless `at_least`).
struct Target {
    ours: &'static str,
    anchors: &'static [&'static str],
    limit: f64,
    at_least: bool,
}

/// A ratio shown for information, with no target.
const fn info(ours: &'static str, anchors: &'static [&'static str]) -> Target {
    Target {
        ours,
        anchors,
        limit: f64::INFINITY,
        at_least: false,
    }
}

const fn at_most(ours: &'static str, anchors: &'static [&'static str], limit: f64) -> Target {
    Target {
        ours,
        anchors,
        limit,
        at_least: false,
    }
}

struct Comparison<'a> {
    name: String,
    variants: Vec<Variant<'a>>,
    targets: Vec<Target>,
    /// Bytes per iteration, for ns/byte figures (the sweep).
    bytes: Option<usize>,
    /// How many iterations one round's sample of a variant gets.
    max_iters: u64,
}

struct Outcome {
    name: String,
    /// Per variant: median ns per iteration, 25th and 75th percentile.
    times: Vec<(&'static str, [f64; 3])>,
    /// Per target: median ratio, 25th and 75th percentile, met.
    ratios: Vec<(String, [f64; 3], f64, bool, bool)>,
    bytes: Option<usize>,
}

fn percentiles(mut v: Vec<f64>) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = q * (v.len() - 1) as f64;
        let (lo, hi) = (i.floor() as usize, i.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (i - lo as f64)
    };
    [at(0.5), at(0.25), at(0.75)]
}

fn run(mut c: Comparison<'_>, rounds: usize, sample: Duration) -> Outcome {
    let k = c.variants.len();
    // Calibrate: iterations per sample so that one sample takes about `sample`.
    let iters: Vec<u64> = c
        .variants
        .iter_mut()
        .map(|v| {
            (v.run)(1);
            let mut n = 1u64;
            loop {
                let t = (v.run)(n);
                if t >= sample / 4 || n >= c.max_iters {
                    let per = t.as_secs_f64() / n as f64;
                    let want = (sample.as_secs_f64() / per.max(1e-9)) as u64;
                    break want.clamp(1, c.max_iters);
                }
                n *= 2;
            }
        })
        .collect();
    let mut per_round: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); k];
    for r in 0..rounds {
        for j in 0..k {
            let i = (r + j) % k;
            let t = (c.variants[i].run)(iters[i]);
            per_round[i].push(t.as_secs_f64() * 1e9 / iters[i] as f64);
        }
    }
    let index = |name: &str| {
        c.variants
            .iter()
            .position(|v| v.name == name)
            .unwrap_or_else(|| panic!("no variant {name} in {}", c.name))
    };
    let ratios = c
        .targets
        .iter()
        .map(|t| {
            let o = index(t.ours);
            let anchors: Vec<usize> = t.anchors.iter().map(|a| index(a)).collect();
            let values: Vec<f64> = (0..rounds)
                .map(|r| {
                    let best = anchors
                        .iter()
                        .map(|&a| per_round[a][r])
                        .fold(f64::INFINITY, f64::min);
                    per_round[o][r] / best
                })
                .collect();
            let p = percentiles(values);
            let met = if t.at_least {
                p[0] >= t.limit
            } else {
                p[0] <= t.limit
            };
            let label = format!(
                "{} / {}",
                t.ours,
                if t.anchors.len() == 1 {
                    t.anchors[0].to_owned()
                } else {
                    format!("fastest of ({})", t.anchors.join(", "))
                }
            );
            (label, p, t.limit, t.at_least, met)
        })
        .collect();
    Outcome {
        name: c.name,
        times: c
            .variants
            .iter()
            .zip(per_round)
            .map(|(v, t)| (v.name, percentiles(t)))
            .collect(),
        ratios,
        bytes: c.bytes,
    }
}

const JSON_ANCHORS: &[&str] = &["hand-written", "axum::Json", "actix-web"];

fn json_comparison<'a, T: serde::Serialize>(
    name: &str,
    v: &'a T,
    derived: fn(&T) -> Ours,
    floor_target: bool,
    buf: &'a RefCell<Vec<u8>>,
) -> Comparison<'a> {
    let mut targets = vec![
        at_most("JsonResponse", JSON_ANCHORS, 0.95),
        at_most("derived", JSON_ANCHORS, 0.95),
    ];
    if floor_target {
        targets.push(at_most("JsonResponse", &["floor"], 1.15));
        targets.push(at_most("derived", &["floor"], 1.15));
    }
    const SAME_HEADERS: &[&str] = &[
        "hand-written",
        "axum::Json + content-length",
        "actix-web + content-length",
    ];
    targets.push(info("JsonResponse", SAME_HEADERS));
    targets.push(info("derived", SAME_HEADERS));
    Comparison {
        name: format!("JSON {name}"),
        variants: vec![
            timed("JsonResponse", move || ours_json(v)),
            timed("derived", move || derived(v)),
            timed("hand-written", move || hand_json(v)),
            timed("axum::Json", move || axum_json(v)),
            timed("actix-web", move || actix_json(v)),
            timed("floor", move || floor_json(&mut buf.borrow_mut(), v)),
            timed("axum::Json + content-length", move || {
                axum_json_with_length(v)
            }),
            timed("actix-web + content-length", move || {
                actix_json_with_length(v)
            }),
        ],
        targets,
        bytes: None,
        max_iters: 1 << 20,
    }
}

fn fast_comparison<'a, T: serde::Serialize + ?Sized>(
    name: &str,
    v: &'a T,
    buf: &'a RefCell<Vec<u8>>,
    target: bool,
) -> Comparison<'a> {
    Comparison {
        name: format!("fast JSON {name}"),
        variants: vec![
            timed("JsonResponse", move || ours_json(v)),
            timed("FastJsonResponse", move || ours_fast_json(v)),
            timed("serde_json floor", move || {
                floor_json(&mut buf.borrow_mut(), v)
            }),
            timed("sonic-rs floor", move || {
                floor_sonic(&mut buf.borrow_mut(), v)
            }),
        ],
        targets: vec![
            if target {
                Target {
                    ours: "JsonResponse",
                    anchors: &["FastJsonResponse"],
                    limit: 1.5,
                    at_least: true,
                }
            } else {
                info("JsonResponse", &["FastJsonResponse"])
            },
            info("serde_json floor", &["sonic-rs floor"]),
        ],
        bytes: None,
        max_iters: 1 << 20,
    }
}

fn text_comparison<'a>(name: &str, body: &'a str, html: bool) -> Comparison<'a> {
    type Build<R> = fn(String) -> R;
    let (ours, hand, axum): (Build<Ours>, Build<Hand>, Build<axum::response::Response>) = if html {
        (ours_html, hand_html, axum_html)
    } else {
        (ours_text, hand_text, axum_text)
    };
    let anchor = if html {
        "axum::response::Html"
    } else {
        "axum (String)"
    };
    let mut variants = vec![
        moved("ours", body, ours),
        moved("hand-written", body, hand),
        moved(anchor, body, axum),
    ];
    let mut targets = vec![at_most(
        "ours",
        if html {
            &["axum::response::Html"]
        } else {
            &["axum (String)"]
        },
        1.0,
    )];
    if html {
        variants.push(moved(
            "axum::response::Html + content-length",
            body,
            axum_html_with_length,
        ));
        targets.push(info("ours", &["axum::response::Html + content-length"]));
    }
    Comparison {
        name: name.to_owned(),
        variants,
        targets,
        bytes: None,
        // Each sample clones its bodies first: keep the batch small for 1 MiB bodies.
        max_iters: if body.len() > 64 << 10 { 64 } else { 4096 },
    }
}

fn comparisons<'a>(
    p: &'a Payloads,
    articles: &'a [Article],
    buf: &'a RefCell<Vec<u8>>,
    pages: &'a [String; 2],
    sweep: &'a [(usize, Vec<Small>)],
) -> Vec<Comparison<'a>> {
    let mut out = vec![
        json_comparison("small", &p.small, derived_small, false, buf),
        json_comparison("medium", &p.medium, derived_medium, true, buf),
        json_comparison("large", &p.large, derived_large, true, buf),
        fast_comparison("small", &p.small, buf, false),
        fast_comparison("medium", &p.medium, buf, true),
        fast_comparison("large", &p.large, buf, true),
        fast_comparison("text-heavy", articles, buf, false),
        text_comparison("HTML 1 KiB", &pages[0], true),
        text_comparison("HTML 1 MiB", &pages[1], true),
        text_comparison("text 1 KiB", &pages[0], false),
        text_comparison("text 1 MiB", &pages[1], false),
        Comparison {
            name: "one set-cookie value".into(),
            variants: vec![
                timed("ours", ours_set_cookie),
                timed("cookie crate", crate_set_cookie),
            ],
            targets: vec![at_most("ours", &["cookie crate"], 0.5)],
            bytes: None,
            max_iters: 1 << 20,
        },
        Comparison {
            name: "three cookies".into(),
            variants: vec![
                timed("ours", ours_cookies),
                timed("hand-written (cookie crate)", hand_cookies),
            ],
            targets: vec![at_most("ours", &["hand-written (cookie crate)"], 1.0)],
            bytes: None,
            max_iters: 1 << 20,
        },
        Comparison {
            name: "redirect with quoting".into(),
            variants: vec![
                timed("ours", ours_redirect),
                timed("hand-written (percent-encoding)", hand_redirect),
            ],
            targets: vec![at_most("ours", &["hand-written (percent-encoding)"], 1.0)],
            bytes: None,
            max_iters: 1 << 20,
        },
        Comparison {
            name: "percent-encoding".into(),
            variants: vec![
                timed("URL (percent-encoding)", || {
                    responses::redirect::quote_url(QUOTED_URL).into_owned()
                }),
                timed("URL (hand-written table)", || {
                    table_encode(QUOTED_URL, url_keeps)
                }),
                timed("cookie value (percent-encoding)", || {
                    responses::cookie::percent_encode(QUOTED_COOKIE)
                }),
                timed("cookie value (hand-written table)", || {
                    table_encode(QUOTED_COOKIE, cookie_keeps)
                }),
            ],
            targets: vec![
                info("URL (percent-encoding)", &["URL (hand-written table)"]),
                info(
                    "cookie value (percent-encoding)",
                    &["cookie value (hand-written table)"],
                ),
            ],
            bytes: None,
            max_iters: 1 << 20,
        },
        Comparison {
            name: "derived enum".into(),
            variants: vec![
                timed("JSON variant", || ours_enum(&p.small)),
                timed("hand-written JSON arm", || hand_enum(&p.small)),
                timed("unit variant", ours_enum_unit),
                timed("hand-written unit arm", hand_enum_unit),
            ],
            targets: vec![
                at_most("JSON variant", &["hand-written JSON arm"], 1.0),
                at_most("unit variant", &["hand-written unit arm"], 1.0),
            ],
            bytes: None,
            max_iters: 1 << 20,
        },
    ];
    // Server-Sent Events: 100 events of a small JSON object through the whole body, each
    // side with its keep-alive timer on (FastAPI's default; axum's `KeepAlive::default()`).
    let events: &'static [Small] = Box::leak(
        (0..100u64)
            .map(|id| Small {
                id,
                name: format!("event {id}"),
                active: id % 2 == 0,
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    // What a field written by serde costs: the same object, its list of ten small structs
    // written directly (`Small` derives `responses::Json`) or by serde_json (a copy of
    // `Small` that only derives `Serialize`).
    let friends: &'static [Small] = Box::leak(list(10).into_boxed_slice());
    let serde_friends: &'static [SmallSerde] = Box::leak(
        friends
            .iter()
            .map(|f| SmallSerde {
                id: f.id,
                name: f.name.clone(),
                active: f.active,
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    out.push(Comparison {
        name: "JSON fallback: a field written by serde".into(),
        variants: vec![
            timed("every field direct", move || {
                FriendsDirect {
                    id: 7,
                    name: "Zoë",
                    friends,
                }
                .into_http()
            }),
            timed("friends by serde", move || {
                FriendsSerde {
                    id: 7,
                    name: "Zoë",
                    friends: serde_friends,
                }
                .into_http()
            }),
            timed("hand-written (serde_json)", move || {
                hand_json(&FriendsSerde {
                    id: 7,
                    name: "Zoë",
                    friends: serde_friends,
                })
            }),
        ],
        targets: vec![
            info("friends by serde", &["every field direct"]),
            info("friends by serde", &["hand-written (serde_json)"]),
        ],
        bytes: None,
        max_iters: 1 << 18,
    });
    // The same bytes on both sides.
    assert_eq!(
        ours_sse(events),
        axum_sse(events),
        "SSE bodies differ in length"
    );
    out.push(Comparison {
        name: "SSE, 100 JSON events".into(),
        variants: vec![
            timed("EventSourceResponse", move || ours_sse(events)),
            timed("axum::response::Sse", move || axum_sse(events)),
        ],
        targets: vec![at_most(
            "EventSourceResponse",
            &["axum::response::Sse"],
            1.0,
        )],
        bytes: None,
        max_iters: 1 << 14,
    });
    // The sweep: every size in one comparison, so that ns/byte is compared side by side.
    let mut variants = Vec::new();
    for (size, v) in sweep {
        let name: &'static str = Box::leak(human(*size).into_boxed_str());
        variants.push(timed(name, move || ours_json(v)));
    }
    out.push(Comparison {
        name: "JSON size sweep (JsonResponse)".into(),
        variants,
        targets: vec![],
        bytes: Some(0),
        max_iters: 1 << 16,
    });
    out
}

/// `Small` without `responses::Json`: written by serde_json inside a derived body.
#[derive(serde::Serialize)]
struct SmallSerde {
    id: u64,
    name: String,
    active: bool,
}

#[derive(serde::Serialize, responses::Response)]
struct FriendsDirect<'a> {
    id: u64,
    name: &'a str,
    friends: &'a [Small],
}

#[derive(serde::Serialize, responses::Response)]
struct FriendsSerde<'a> {
    id: u64,
    name: &'a str,
    friends: &'a [SmallSerde],
}

/// A current-thread Tokio runtime with its timer, made once.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// The bytes of an event stream of `items`, made and read to the end.
fn ours_sse(items: &'static [Small]) -> usize {
    use http_body_util::BodyExt;
    runtime().block_on(async {
        let response = responses::sse::EventSourceResponse::from_iter(items.iter())
            .into_http()
            .expect("events");
        let body = response.into_body().collect().await.expect("body");
        body.to_bytes().len()
    })
}

/// The same with axum's `Sse`.
fn axum_sse(items: &'static [Small]) -> usize {
    use axum::response::IntoResponse;
    use axum::response::sse::{Event, KeepAlive, Sse};
    use http_body_util::BodyExt;
    runtime().block_on(async {
        let events = IterStream(items.iter().map(|item| Event::default().json_data(item)));
        let response = Sse::new(events)
            .keep_alive(KeepAlive::default())
            .into_response();
        let body = response.into_body().collect().await.expect("body");
        body.to_bytes().len()
    })
}

/// An iterator as a stream.
struct IterStream<I>(I);

impl<I: Iterator + Unpin> futures_core::Stream for IterStream<I> {
    type Item = I::Item;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

fn human(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let rounds = env("ROUNDS", 61) as usize;
    let sample = Duration::from_millis(env("SAMPLE_MS", 4));

    let p = Payloads::new();
    let articles = articles();
    let buf = RefCell::new(Vec::new());
    let pages = [page(1 << 10), page(1 << 20)];
    let sweep: Vec<(usize, Vec<Small>)> = SWEEP
        .iter()
        .map(|&size| (size, sweep_payload(size)))
        .collect();
    let sweep_lens: Vec<usize> = sweep
        .iter()
        .map(|(_, v)| serde_json::to_vec(v).map_or(0, |b| b.len()))
        .collect();

    let mut report = String::new();
    let mut json = Vec::new();
    let _ = writeln!(
        report,
        "{rounds} rounds, samples of about {} ms each\n",
        sample.as_millis()
    );
    // `PROFILE="JSON small/JsonResponse"`: run that one variant for a few seconds, for
    // `perf record` or `valgrind --tool=callgrind`.
    if let Ok(which) = std::env::var("PROFILE") {
        for mut c in comparisons(&p, &articles, &buf, &pages, &sweep) {
            for v in &mut c.variants {
                if format!("{}/{}", c.name, v.name) == which {
                    let secs = env("PROFILE_SECS", 5);
                    let until = Instant::now() + Duration::from_secs(secs);
                    let mut iters = 0u64;
                    while Instant::now() < until {
                        (v.run)(1000);
                        iters += 1000;
                    }
                    eprintln!("{which}: {iters} iterations");
                    return;
                }
            }
        }
        eprintln!("no variant {which}");
        return;
    }
    for c in comparisons(&p, &articles, &buf, &pages, &sweep) {
        if !filter.is_empty() && !filter.iter().any(|f| c.name.contains(f.as_str())) {
            continue;
        }
        eprintln!("running {}", c.name);
        let o = run(c, rounds, sample);
        let _ = writeln!(report, "### {}\n", o.name);
        let _ = writeln!(
            report,
            "| variant | median | p25–p75 |{}",
            if o.bytes.is_some() { " ns/byte |" } else { "" }
        );
        let _ = writeln!(
            report,
            "|---|---|---|{}",
            if o.bytes.is_some() { "---|" } else { "" }
        );
        let mut per_byte = Vec::new();
        for (i, (name, t)) in o.times.iter().enumerate() {
            let extra = if o.bytes.is_some() {
                let nb = t[0] / sweep_lens[i] as f64;
                per_byte.push((SWEEP[i], nb));
                format!(" {nb:.3} |")
            } else {
                String::new()
            };
            let _ = writeln!(
                report,
                "| {name} | {} | {}–{} |{extra}",
                show_ns(t[0]),
                show_ns(t[1]),
                show_ns(t[2])
            );
        }
        if !per_byte.is_empty() {
            let linear: Vec<f64> = per_byte
                .iter()
                .filter(|(size, _)| *size >= 64 << 10)
                .map(|(_, nb)| *nb)
                .collect();
            let mean = linear.iter().sum::<f64>() / linear.len() as f64;
            let worst = linear
                .iter()
                .map(|nb| (nb / mean - 1.0).abs())
                .fold(0.0, f64::max);
            let _ = writeln!(
                report,
                "\nns/byte from 64 KiB to 10 MiB: mean {mean:.3}, largest deviation {:.1}% (target ±20%: {})",
                worst * 100.0,
                if worst <= 0.20 { "met" } else { "MISSED" }
            );
            json.push(
                serde_json::json!({"name": o.name, "per_byte": per_byte, "deviation": worst}),
            );
        }
        if !o.ratios.is_empty() {
            let _ = writeln!(
                report,
                "\n| ratio | median | p25–p75 | target | |\n|---|---|---|---|---|"
            );
            for (label, r, limit, at_least, met) in &o.ratios {
                let (target, verdict) = if limit.is_infinite() {
                    ("—".to_owned(), "info")
                } else {
                    (
                        format!("{} {limit}", if *at_least { "≥" } else { "≤" }),
                        if *met { "met" } else { "MISSED" },
                    )
                };
                let _ = writeln!(
                    report,
                    "| {label} | {:.3} | {:.3}–{:.3} | {target} | {verdict} |",
                    r[0], r[1], r[2]
                );
            }
        }
        let _ = writeln!(report);
        json.push(serde_json::json!({
            "name": o.name,
            "times_ns": o.times.iter().map(|(n, t)| serde_json::json!({"variant": n, "median": t[0], "p25": t[1], "p75": t[2]})).collect::<Vec<_>>(),
            "ratios": o.ratios.iter().map(|(l, r, limit, at_least, met)| serde_json::json!({"ratio": l, "median": r[0], "p25": r[1], "p75": r[2], "limit": limit, "at_least": at_least, "met": met})).collect::<Vec<_>>(),
        }));
        eprint!("{report}");
        print!("{report}");
        report.clear();
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ratios.json");
    if let Ok(text) = serde_json::to_string_pretty(&json) {
        let _ = std::fs::write(&path, text);
    }
}

fn show_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}
