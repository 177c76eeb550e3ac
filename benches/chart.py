"""Chart of the JSON size sweep from criterion's output (`target/criterion/json_sweep`).

    python3 benches/chart.py [OUTPUT.png]        # default: benches/sweep.png

Plots nanoseconds per output byte against the size of the JSON body, one line per
variant (ours and the anchors), and prints the same figures as a Markdown table.
Needs matplotlib (`pip install matplotlib`); `benches/run.sh` installs it in a venv.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SWEEP = ROOT / "target" / "criterion" / "json_sweep"
ORDER = ["derived", "JsonResponse", "FastJsonResponse", "hand-written", "axum::Json", "actix-web", "floor"]


def load():
    series = {}
    for bench in SWEEP.glob("*/*/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        size = int(meta["value_str"])
        bytes_out = meta["throughput"]["Bytes"]
        median = estimates["median"]["point_estimate"]
        series.setdefault(meta["function_id"], []).append((size, median, bytes_out))
    if not series:
        sys.exit(f"no criterion output under {SWEEP}; run `cargo bench --features bench --bench responses -- json_sweep`")
    for points in series.values():
        points.sort()
    return series


def human(size):
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB"


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benches" / "sweep.png"
    series = load()
    names = [n for n in ORDER if n in series] + sorted(set(series) - set(ORDER))
    sizes = sorted({s for points in series.values() for s, _, _ in points})

    print("| size | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for size in sizes:
        cells = []
        for n in names:
            point = next((p for p in series[n] if p[0] == size), None)
            cells.append(f"{point[1] / point[2]:.3f}" if point else "")
        print(f"| {human(size)} | " + " | ".join(cells) + " |")
    print("\n(ns per output byte, criterion's median)")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
    styles = {
        "derived": dict(linewidth=2.8, color="#000000"),
        "JsonResponse": dict(linewidth=2.8, color="#d62728"),
        "FastJsonResponse": dict(linewidth=2.8, color="#ff7f0e"),
        "hand-written": dict(linewidth=1.4, color="#1f77b4"),
        "axum::Json": dict(linewidth=1.4, color="#9467bd"),
        "actix-web": dict(linewidth=1.4, color="#2ca02c"),
        "floor": dict(linewidth=1.4, color="#7f7f7f", linestyle="--"),
    }
    for n in names:
        xs = [s for s, _, _ in series[n]]
        ys = [t / b for _, t, b in series[n]]
        ax.plot(xs, ys, marker="o", label=n, **styles.get(n, dict(linewidth=1.4)))
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes)
    ax.set_xticklabels([human(s) for s in sizes])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("JSON body size")
    ax.set_ylabel("ns per output byte (lower is better)")
    ax.set_title("JSON value to finished response, by body size: ours vs the anchors")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
