#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from the repository's own inputs, so the
fuzzers start from what dorm is known to accept and every seed has a reason to be there:

  fuzz_schema_header  every JSON Schema file in the repository, and the JSON texts the generator
                      tests embed (raw strings R"( {...} )" in tests/generator/test_*.cpp)
  fuzz_pattern        `pattern NUL text`: each pattern of those schemas and a few syntax
                      shapes, with texts for each format check (valid and nearly valid)
  fuzz_migrations     `name NUL content NUL ...`: the checked-in migrations folders, a branch
                      conflict, a migration without a snapshot and one without `-- up`
  fuzz_introspect     small database files (page size 512) built by SQLite from
                      tests/legacy/legacy.sql and from the migrations' up SQL
  fuzz_mirror_codec   outbox blobs of every value type, and names packed as column lists
  fuzz_query_request  dorm-serve request bodies: one statement with each kind of params, a
                      transaction, and the malformed shapes docs/server.md lists

Run from anywhere: python3 fuzz/seed_corpus.py. It rewrites the corpus folders; file names
are the SHA-1 of the content, as libFuzzer names inputs, so reruns give the same files.
"""
import hashlib
import json
import os
import re
import sqlite3
import struct
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def tracked_files():
    out = subprocess.run(["git", "-C", ROOT, "ls-files"], check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def write_corpus(target, inputs):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    seen = set()
    for data in inputs:
        if isinstance(data, str):
            data = data.encode()
        digest = hashlib.sha1(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        with open(os.path.join(folder, digest), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seen)} inputs, {sum(os.path.getsize(os.path.join(folder, n)) for n in seen)} bytes")


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def schema_texts(files):
    texts = []
    for path in files:
        if not path.endswith(".json") or "snapshot" in path or "/migrations/" in path:
            continue
        data = read(path)
        if b'"properties"' in data or b'"$defs"' in data:
            texts.append(data)
    for path in files:
        if re.match(r"tests/generator/test_.*\.cpp$", path):
            for raw in re.findall(r'R"\((.*?)\)"', read(path).decode(), re.S):
                if raw.lstrip().startswith("{") and ('"properties"' in raw or '"$defs"' in raw):
                    texts.append(raw.encode())
    return texts


def patterns_in(texts):
    found = []
    for text in texts:
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        stack = [doc]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("pattern"), str):
                    found.append(node["pattern"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


PATTERN_SHAPES = [
    "^[a-z]+$", "^(a|b)*c$", "(?:ab){2,3}", "^\\d{4}-\\d{2}-\\d{2}$", "^[^@\\s]+@[^@\\s]+$",
    "x{1000}", "(a+)+$", "^(a)\\1*$", "[\\u00e9-\\u00ff]", "(?=a)a", "\\bword\\b", "[[:alpha:]]",
    "é+", "^.{0,64}$", "a|b|c|d", "(", "[z-a]", "a{2,1}", "\\",
]
TEXTS = [
    "", "abc", "aaaa", "ab@example.com", "a.b+c@sub.example.org", "x@localhost", "\"q u\"@example.com",
    "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-42661417400",
    "2024-02-29", "2023-02-29", "2024-01-31T10:00:00Z", "2024-01-31t10:00:00.123+05:30",
    "2016-12-31T23:59:60Z", "2024-01-31T10:00:00", "007", "1.50", "1e3", " 5", "2024",
    "12345678901234567890", '{"a":[1,2,{"b":null}]}', "[1,2", "[]", "\u00e9\u00e8\u4e2d", "\xff\xfe",
]


def migrations_inputs(files):
    folders = sorted({os.path.dirname(p) for p in files if re.search(r"/migrations/\d+_[^/]*\.sql$", p)})
    inputs = []
    for folder in folders:
        parts = []
        for path in sorted(p for p in files if os.path.dirname(p) == folder):
            parts += [os.path.basename(path).encode(), read(path)]
        inputs.append(b"\0".join(parts))
        sql = [p for p in sorted(files) if os.path.dirname(p) == folder and p.endswith(".sql")]
        first = read(sql[0])
        # Two migrations that follow the same parent: the branch conflict.
        inputs.append(b"\0".join([b"0001_init.sql", first, b"0002_a.sql", first.replace(b"follows: none", b"follows: 0001_init"),
                                  b"0002_b.sql", first.replace(b"follows: none", b"follows: 0001_init")]))
        # A hand-written migration without a snapshot, and one without '-- up'.
        inputs.append(b"\0".join([b"0001_hand.sql", b"-- up\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n-- down\nDROP TABLE t;\n"]))
        inputs.append(b"\0".join([b"0001_bad.sql", b"CREATE TABLE t (id INTEGER);\n"]))
    return inputs


def up_sql(text):
    text = text.decode()
    return text.split("-- up", 1)[1].split("-- down", 1)[0] if "-- up" in text else ""


def database_bytes(script, wal=False):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "seed.db")
        db = sqlite3.connect(path)
        db.execute("PRAGMA page_size = 512")
        db.executescript(script)
        db.commit()
        db.execute("VACUUM")
        if wal:
            db.execute("PRAGMA journal_mode = WAL")
        db.close()
        return read(path)


def introspect_inputs(files):
    inputs = [database_bytes(read("tests/legacy/legacy.sql").decode())]
    folders = sorted({os.path.dirname(p) for p in files if re.search(r"/migrations/\d+_[^/]*\.sql$", p)})
    for folder in folders:
        script = "".join(up_sql(read(p)) + ";\n" for p in sorted(files) if os.path.dirname(p) == folder and p.endswith(".sql"))
        inputs.append(database_bytes(script))
    inputs.append(database_bytes("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE VIEW w AS SELECT * FROM t;"
                                 "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END;", wal=True))
    return inputs


def mirror_value(v):
    if v is None:
        return bytes([5])
    if isinstance(v, bool) or isinstance(v, int):
        return bytes([1]) + struct.pack("<q", int(v))
    if isinstance(v, float):
        return bytes([2]) + struct.pack("<d", v)
    if isinstance(v, str):
        return bytes([3]) + struct.pack("<Q", len(v.encode())) + v.encode()
    return bytes([4]) + struct.pack("<Q", len(v)) + v


def mirror_inputs():
    rows = [[1, "ada@example.com", None, 2.5], [-(2 ** 63), 2 ** 63 - 1, -0.0, float("inf")],
            ["a\0b", b"\x00\xff", "", b""], ["id", "title", "body"], [float("nan")], []]
    inputs = [b"".join(mirror_value(v) for v in row) for row in rows]
    inputs.append(b"id\ntitle\nauthor_id")  # read by the names check as a column list
    inputs.append(bytes([3]) + struct.pack("<Q", 100) + b"short")  # a cut payload
    return inputs


QUERY_REQUESTS = [
    '{"sql": "SELECT 1"}',
    '{"sql": "SELECT ?, ?", "params": [1, "two"]}',
    '{"sql": "SELECT :a, @b, $c", "params": {"a": 1, ":b": null, "c": {"base64": "AAEC/w=="}}}',
    '{"sql": "SELECT 1", "params": null}',
    '{"transaction": [{"sql": "INSERT INTO t VALUES (?)", "params": [1]}, {"sql": "SELECT * FROM t"}]}',
    '{"sql": "SELECT 1",', '[1]', '{}', '{"sql": "  "}', '{"sql": "SELECT 1", "params": "x"}',
    '{"transaction": []}', '{"transaction": [5]}', '{"sql": "x", "transaction": [{"sql": "y"}]}',
    '{"sql": "SELECT \\u00e9 \\ud83d\\ude00", "params": [1e308, -0, 18446744073709551615]}',
]


def main():
    files = tracked_files()
    schemas = schema_texts(files)
    write_corpus("fuzz_schema_header", schemas)
    patterns = sorted(set(patterns_in(schemas))) + PATTERN_SHAPES
    pattern_inputs = [p.encode() + b"\0" + t.encode("utf-8", "surrogateescape") for p in patterns for t in TEXTS[::3]]
    pattern_inputs += [b"^.*$\0" + t.encode("utf-8", "surrogateescape") for t in TEXTS]
    write_corpus("fuzz_pattern", pattern_inputs)
    write_corpus("fuzz_migrations", migrations_inputs(files))
    write_corpus("fuzz_introspect", introspect_inputs(files))
    write_corpus("fuzz_mirror_codec", mirror_inputs())
    write_corpus("fuzz_query_request", QUERY_REQUESTS)


if __name__ == "__main__":
    main()
