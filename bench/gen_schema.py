#!/usr/bin/env python3
"""Generates an N-table schema for the generator and compile-time scale measurements.

Usage: gen_schema.py N OUT_DIR

Writes OUT_DIR/schema.json: N tables under $defs, each with 8 columns (integer key, text,
nullable text with an index, integer, nullable real, boolean with a default, a date-time with
an SQL default) and, from the second table on, a foreign key to the previous table (so every
table but the first has a belongs_to relation, and a declared has_many back).

Also writes OUT_DIR/use.cpp: a translation unit that includes the generated header and runs
5 queries per table (insert, find, update, a filtered + ordered select, remove), the
"30 tables x 5 queries" shape DESIGN.md measured the C++ peers with.
"""
import json
import os
import sys


def table(i):
    name = f"t{i:03d}"
    props = {
        "id": {"type": "integer", "x-dorm-primary-key": True},
        "name": {"type": "string", "maxLength": 100},
        "email": {"type": ["string", "null"], "x-dorm-index": True},
        "quantity": {"type": "integer", "minimum": 0},
        "ratio": {"type": ["number", "null"]},
        "active": {"type": "boolean", "default": True},
        "created_at": {"type": "string", "format": "date-time", "x-dorm-default-sql": "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"},
    }
    required = ["id", "name", "quantity", "active", "created_at"]
    t = {"type": "object", "properties": props, "required": required}
    if i > 0:
        props["parent_id"] = {
            "type": ["integer", "null"],
            "x-dorm-index": True,
            "x-dorm-references": {"table": f"t{i - 1:03d}", "column": "id", "onDelete": "SET NULL"},
        }
    return name, t


def schema(n):
    """The N-table schema as a JSON document (also used by bench/compile_cost/gen.py)."""
    defs = {}
    for i in range(n):
        name, t = table(i)
        if i + 1 < n:
            t["x-dorm-relations"] = {"children": {"kind": "has_many", "target": f"t{i + 1:03d}", "foreignKey": "parent_id"}}
        defs[name] = t
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "schema.json"), "w") as f:
        json.dump(schema(n), f, indent=1)

    lines = ['#include "scale/models.hpp"', "", "int main() {", '  auto db = dorm::Database::open(":memory:");',
             "  scale::migrate(db);", "  long sink = 0;"]
    for i in range(n):
        s = f"T{i:03d}"
        c = f"scale::t{i:03d}"
        lines += [
            "  {",
            f"    scale::{s} row{{.name = \"x\", .quantity = 1}};",
            "    db.insert(row);",
            f"    if (auto found = db.find<scale::{s}>(row.id)) sink += found->quantity;",
            "    row.quantity = 2;",
            "    db.update(row);",
            f"    sink += static_cast<long>(db.select<scale::{s}>().where({c}.quantity > 0 && {c}.name.like(\"x%\"))"
            f".order_by({c}.id.desc()).limit(10).all().size());",
            "    db.remove(row);",
            "  }",
        ]
    lines += ["  return sink == 0;", "}", ""]
    with open(os.path.join(out, "use.cpp"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
