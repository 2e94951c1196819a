"""Markdown table of bench/out/web-before.json against web-after.json (or one run alone)."""

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "out"


def load(label):
    path = OUT / f"web-{label}.json"
    return json.loads(path.read_text()) if path.exists() else None


def main(labels):
    runs = [r for r in (load(label) for label in labels) if r]
    keyed = [{(row["login"], row["url"]): row for row in run["rows"]} for run in runs]
    keys = list(dict.fromkeys(k for rows in keyed for k in rows))
    head = (
        "| 登录 | 页面 | " + " | ".join(f"{run['label']} CPU ms/请求 | 倍数 | 查询数" for run in runs) + " |"
    )
    print(head)
    print("|" + "---|" * (2 + 3 * len(runs)))
    for key in keys:
        cells = []
        for rows in keyed:
            row = rows.get(key)
            cells += (
                ["—"] * 3
                if row is None
                else [f"{row['cpu_ms']:.1f}", f"{row['ratio']:.1f}×", str(row["queries"])]
            )
        print(f"| {key[0]} | `{key[1]}` | " + " | ".join(cells) + " |")
    print()
    for run in runs:
        bare = next(r for r in run["rows"] if r["url"] == "/bench/bare/")
        within = sum(1 for r in run["rows"] if r["ratio"] is not None and r["ratio"] <= 3)
        over10 = sum(1 for r in run["rows"] if r["queries"] > 10)
        print(
            f"- {run['label']} ({run['when']}; gunicorn {run['gunicorn']}; load {run['load_before']} → "
            f"{run['load_after']}): bare page {bare['cpu_ms']} ms CPU; {within}/{len(run['rows'])} pages ≤ 3×; "
            f"{over10} pages over 10 queries; mix {run.get('mix')}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["before", "after"])
