#!/usr/bin/env python3
"""Splits gen.py's dorm TU into one TU per query kind, to see what each kind costs the compiler.

    python3 bench/compile_cost/split_kinds.py DORM_QUERIES_CPP OUT_DIR

Writes OUT_DIR/<kind>.cpp for find, select, count, update and join (the 30 statements of that
kind only) and OUT_DIR/none.cpp (no statements: the header, the seed and main). A kind's cost is
its TU's minus none.cpp's (docs/performance.md, "Compile cost"); scripts/compile-cost.sh's
flags apply. Fails when a kind does not have one statement per table in the shape gen.py writes.
"""
import pathlib
import re
import sys

# One statement of each kind as gen.py writes it (its lines, up to the sink update).
KINDS = {
    "find": r"  if \(auto row = db\.find<[^\n]*\n",
    "select": r"  for \(const auto& row : db\.select<[^\n]*\n(?:[^\n]*\n){4}    sink \+= row\.id[^\n]*\n",
    "count": r"  sink \+= db\.select<[^\n]*count\(\);\n",
    "update": r"  sink \+= db\.update_all<[^\n]*\n",
    "join": r"  for \(const auto& \[name, other\][^\n]*\n(?:[^\n]*\n){3}    sink \+= static_cast[^\n]*\n",
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: split_kinds.py DORM_QUERIES_CPP OUT_DIR")
    source = pathlib.Path(sys.argv[1]).read_text()
    tables = len(re.findall(r"^long queries_t\d+\(", source, flags=re.M))
    out = pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for keep in list(KINDS) + ["none"]:
        text = source
        for kind, pattern in KINDS.items():
            if kind == keep:
                continue
            text, found = re.subn(pattern, "", text)
            if found != tables:
                sys.exit(f"split_kinds.py: {found} '{kind}' statements in {sys.argv[1]}, expected {tables}")
        # Without statements the Database parameter is unused (-Werror=unused-parameter).
        text = text.replace("  long sink = 0;\n", "  static_cast<void>(db);\n  long sink = 0;\n")
        (out / f"{keep}.cpp").write_text(text)


if __name__ == "__main__":
    main()
