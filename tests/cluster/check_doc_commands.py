#!/usr/bin/env python3
"""Runs the commands of docs/cluster.md's "A 3-node cluster on one machine" and checks their output.

Usage: check_doc_commands.py DORM_NODE_DIR DOC

The section's first ```sh block is run by bash in a fresh temporary folder, with DORM_NODE_DIR
first on PATH and the ports 9001-9003 replaced by free ones (so the test never collides with
anything listening there); what it prints must be the section's first ```text block (the same
ports replaced), except which node is the leader, which is up to Raft: exactly one line is
marked. Everything the block started is killed when it ends, also on failure. Prints
"the commands of <doc> ran as documented" on success; exits 1 with the difference otherwise.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile

SECTION = "## A 3-node cluster on one machine"
DOC_PORTS = ["9001", "9002", "9003"]


def block(text, language):
    m = re.search(r"^```" + language + r"\n(.*?)^```$", text, re.S | re.M)
    if not m:
        sys.exit(f'no ```{language} block in the section "{SECTION}"')
    return m.group(1)


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [str(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def without_leader_mark(text):
    return re.sub(r" leader$", "", text, flags=re.M)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    node_dir, doc = os.path.abspath(sys.argv[1]), sys.argv[2]
    text = open(doc, encoding="utf-8").read()
    start = text.find("\n" + SECTION + "\n")
    if start < 0:
        sys.exit(f'{doc} has no section "{SECTION}"')
    section = text[start + 1:]
    following = section.find("\n## ", 1)
    section = section if following < 0 else section[:following]
    commands, expected = block(section, "sh"), block(section, "text")
    for doc_port, port in zip(DOC_PORTS, free_ports(len(DOC_PORTS))):
        commands = commands.replace(":" + doc_port, ":" + port)
        expected = expected.replace(":" + doc_port, ":" + port)
    env = dict(os.environ, PATH=node_dir + os.pathsep + os.environ.get("PATH", ""))
    with tempfile.TemporaryDirectory(prefix="dorm_cluster_doc_") as folder:
        # A session of its own, so every node the block starts in the background can be killed.
        run = subprocess.Popen(["bash", "-e", "-c", commands], cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = run.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            out, err = "", "the commands did not finish within 60 s"
        finally:
            try:
                os.killpg(run.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            run.wait()
    members = "\n".join(line for line in out.splitlines() if not line.startswith("dorm-node: ")) + "\n"
    problems = []
    if run.returncode not in (0, -signal.SIGKILL) or "did not finish" in err:
        problems.append(f"the commands failed (status {run.returncode}):\n{err}")
    if without_leader_mark(members) != without_leader_mark(expected):
        problems.append(f"they printed\n{members}instead of\n{expected}")
    if len(re.findall(r" leader$", members, re.M)) != 1:
        problems.append(f"not exactly one leader in\n{members}")
    if problems:
        print(f"{doc}, {SECTION}:\n" + "\n".join(problems) + f"\nall output:\n{out}{err}")
        sys.exit(1)
    print(f"the commands of {doc} ran as documented")


if __name__ == "__main__":
    main()
