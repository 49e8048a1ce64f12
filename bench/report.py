#!/usr/bin/env python3
"""Prints the benchmark table of docs/performance.md from Google Benchmark's JSON output.

Usage: report.py results.json [--time cpu|real]

Takes the median aggregate of every benchmark (run with --benchmark_repetitions) and prints,
per workload, dorm, the hand-written C API and SQLiteCpp with the ratios dorm / C API and
dorm / SQLiteCpp. Other variants (insert_many, the W6 baselines) get rows of their own.
"""
import json
import sys
from collections import OrderedDict


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    path = args[0]
    kind = "cpu"
    if "--time" in args:
        kind = args[args.index("--time") + 1]
    with open(path) as f:
        data = json.load(f)
    medians = OrderedDict()
    unit = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        workload, _, variant = name.partition("/")
        medians.setdefault(workload, OrderedDict())[variant] = b[kind + "_time"]
        unit[workload] = b.get("time_unit", "ns")

    ctx = data.get("context", {})
    print(f"{kind} time, median of {ctx.get('repetitions', data['benchmarks'][0].get('repetitions', '?'))} "
          f"repetitions; {ctx.get('num_cpus', '?')} CPUs, load average {ctx.get('load_avg', '?')}")
    header = ("workload", "c_api", "dorm", "sqlitecpp", "dorm/c_api", "dorm/sqlitecpp")
    rows = []
    for workload, v in sorted(medians.items()):
        u = unit[workload]
        fmt = lambda x: "-" if x is None else f"{x:.2f} {u}"
        c, d, s = v.get("c_api"), v.get("dorm"), v.get("sqlitecpp")
        ratio = lambda a, b: "-" if a is None or b is None else f"{a / b:.3f}"
        rows.append((workload, fmt(c), fmt(d), fmt(s), ratio(d, c), ratio(d, s)))
        for other, t in v.items():
            if other in ("c_api", "dorm", "sqlitecpp"):
                continue
            label = f"{workload}/{other}"
            if other.startswith("c_api"):  # another baseline: dorm against it
                rows.append((label, fmt(t), "-", "-", ratio(d, t), "-"))
            else:  # another dorm variant: it against the baselines
                rows.append((label, "-", fmt(t), "-", ratio(t, c), ratio(t, s)))
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(x.ljust(widths[i]) for i, x in enumerate(r)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
