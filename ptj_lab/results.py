"""Writers for result files under data/results/ (relative to the working directory)."""

import csv
import json
import os

BACKTESTS = os.path.join("data", "results", "backtests")
ANALYSIS = os.path.join("data", "results", "analysis")


def write_csv(folder, name, rows, fields):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k) for k in fields})
    print(f"wrote {path} ({len(rows)} rows)", flush=True)
    return path


def write_json(folder, name, obj):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)  # in the order written: the figures first
        f.write("\n")
    print(f"wrote {path}", flush=True)
    return path
