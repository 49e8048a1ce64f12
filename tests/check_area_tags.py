#!/usr/bin/env python3
"""Checks that every Catch2 TEST_CASE under tests/<area>/ carries its area's tag first.

Usage: check_area_tags.py TESTS_DIR

One tag per area (tests/README.md lists them): `[runtime]` for tests/runtime, `[generator]` for
tests/generator, and so on, the folder's name; unit tags may follow (`[runtime][pattern]`), so
`dorm_runtime_tests "[pattern]"` still picks one unit. Prints each TEST_CASE without its area
tag as `path:line: TEST_CASE "<name>" lacks "[<area>]"` and exits 1 when there is one.
"""
import os
import re
import sys

TEST_CASE = re.compile(r'TEST_CASE\(\s*("(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*)(?:\s*,\s*"([^"]*)")?\s*\)')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tests = sys.argv[1]
    problems = 0
    cases = 0
    for area in sorted(os.listdir(tests)):
        folder = os.path.join(tests, area)
        if not os.path.isdir(folder):
            continue
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, name)
                text = open(path, encoding="utf-8").read()
                found = list(TEST_CASE.finditer(text))
                if len(found) != text.count("TEST_CASE("):
                    print(f"{path}: a TEST_CASE this check cannot read; write it as TEST_CASE(\"name\", \"[tags]\")")
                    problems += 1
                for m in found:
                    cases += 1
                    if not (m.group(2) or "").startswith(f"[{area}]"):
                        line = text.count("\n", 0, m.start()) + 1
                        print(f'{path}:{line}: TEST_CASE {m.group(1)} lacks "[{area}]" as its first tag')
                        problems += 1
    if problems:
        sys.exit(1)
    print(f"every one of {cases} test cases carries its area's tag")


if __name__ == "__main__":
    main()
