//! Allocations per response, counted with a counting global allocator: ours never makes
//! more than the hand-written `http::Response` baseline (`benches/common/mod.rs`), and a
//! 1 MiB text body is moved into the response, never copied.
//!
//! Counts are deterministic (one thread counts, the others are ignored), so they are
//! asserted; `cargo test --test allocations -- --nocapture` prints the table that
//! `BENCHMARKS.md` quotes.
//!
//! The workloads and the hand-written baselines are the benchmarks' own
//! (`benches/common/mod.rs`, included with `#[path]`): the counts asserted here are those of
//! the code the benchmarks time, not of a copy that could drift from it.

#[path = "../benches/common/mod.rs"]
mod bench;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use bench::*;

struct Counting;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static CALLS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn record(bytes: usize) {
    // `try_with`: the thread may be shutting down.
    let _ = ON.try_with(|on| {
        if on.get() {
            CALLS.with(|c| c.set(c.get() + 1));
            BYTES.with(|b| b.set(b.get() + bytes as u64));
        }
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (calls to `alloc`/`realloc`) and bytes requested by one call of `f`, after
/// a warm-up call (thread-local buffers are then in place, as in a running server).
fn count<T>(mut f: impl FnMut() -> T) -> (u64, u64) {
    black_box(f());
    CALLS.with(|c| c.set(0));
    BYTES.with(|b| b.set(0));
    ON.with(|on| on.set(true));
    let out = f();
    ON.with(|on| on.set(false));
    drop(black_box(out));
    (CALLS.with(Cell::get), BYTES.with(Cell::get))
}

struct Row {
    case: &'static str,
    ours: (u64, u64),
    hand: (u64, u64),
}

fn rows() -> Vec<Row> {
    let p = Payloads::new();
    let kib = page(1 << 10);
    let mib = page(1 << 20);
    let mut rows = vec![
        Row {
            case: "JSON small, JsonResponse",
            ours: count(|| ours_json(&p.small)),
            hand: count(|| hand_json(&p.small)),
        },
        Row {
            case: "JSON small, derived",
            ours: count(|| derived_small(&p.small)),
            hand: count(|| hand_json(&p.small)),
        },
        Row {
            case: "JSON medium, JsonResponse",
            ours: count(|| ours_json(&p.medium)),
            hand: count(|| hand_json(&p.medium)),
        },
        Row {
            case: "JSON medium, derived",
            ours: count(|| derived_medium(&p.medium)),
            hand: count(|| hand_json(&p.medium)),
        },
        Row {
            case: "JSON large, JsonResponse",
            ours: count(|| ours_json(&p.large)),
            hand: count(|| hand_json(&p.large)),
        },
        Row {
            case: "JSON large, derived",
            ours: count(|| derived_large(&p.large)),
            hand: count(|| hand_json(&p.large)),
        },
    ];
    // Text bodies are moved in: the `String` is made outside the count.
    for (case_html, case_text, body) in [
        ("HTML 1 KiB", "text 1 KiB", &kib),
        ("HTML 1 MiB", "text 1 MiB", &mib),
    ] {
        rows.push(Row {
            case: case_html,
            ours: count_moved(body, ours_html),
            hand: count_moved(body, hand_html),
        });
        rows.push(Row {
            case: case_text,
            ours: count_moved(body, ours_text),
            hand: count_moved(body, hand_text),
        });
    }
    rows.extend([
        Row {
            case: "three cookies",
            ours: count(ours_cookies),
            hand: count(hand_cookies),
        },
        Row {
            case: "one set-cookie value",
            ours: count(ours_set_cookie),
            hand: count(crate_set_cookie),
        },
        Row {
            case: "redirect with quoting",
            ours: count(ours_redirect),
            hand: count(hand_redirect),
        },
        Row {
            case: "derived enum, JSON variant",
            ours: count(|| ours_enum(&p.small)),
            hand: count(|| hand_enum(&p.small)),
        },
        Row {
            case: "derived enum, unit variant",
            ours: count(ours_enum_unit),
            hand: count(hand_enum_unit),
        },
    ]);
    rows
}

/// As [`count`], for a function that takes the body by value: each call gets its own copy,
/// made before counting starts.
fn count_moved<T>(body: &str, f: fn(String) -> T) -> (u64, u64) {
    let mut copies = vec![body.to_owned(), body.to_owned()];
    count(move || f(copies.pop().unwrap_or_default()))
}

#[test]
fn ours_allocates_no_more_than_the_hand_written_response() {
    let rows = rows();
    println!("| case | ours: allocations (bytes) | hand-written: allocations (bytes) |");
    println!("|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} ({}) | {} ({}) |",
            r.case, r.ours.0, r.ours.1, r.hand.0, r.hand.1
        );
    }
    let worse: Vec<_> = rows
        .iter()
        .filter(|r| r.ours.0 > r.hand.0)
        .map(|r| r.case)
        .collect();
    assert!(
        worse.is_empty(),
        "more allocations than hand-written: {worse:?}"
    );
    // Every case allocates something on both sides (the counter is live).
    assert!(rows.iter().all(|r| r.hand.0 > 0), "the counter counts");
}

#[test]
fn a_one_mib_body_is_moved_not_copied() {
    let mib = page(1 << 20);
    for (name, (calls, bytes)) in [
        ("html", count_moved(&mib, ours_html)),
        ("text", count_moved(&mib, ours_text)),
    ] {
        assert!(
            bytes < 4096,
            "{name}: {calls} allocations, {bytes} bytes for a 1 MiB body"
        );
    }
}

#[test]
fn json_bodies_are_allocated_once() {
    // One allocation for the body (exact size, or the handed-over buffer for large ones),
    // the header map's two, nothing per header value.
    let p = Payloads::new();
    let (calls, bytes) = count(|| ours_json(&p.small));
    let len = serde_json::to_vec(&p.small)
        .map(|b| b.len() as u64)
        .unwrap_or(0);
    assert!(calls <= 3, "{calls} allocations for a small JSON response");
    assert!(bytes < len + 256, "{bytes} bytes for a {len}-byte body");
}
