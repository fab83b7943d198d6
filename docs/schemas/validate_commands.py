#!/usr/bin/env python3
"""Validates the JSON documents of check, explain, init, graph, key new and the waiver commands
against the schemas in this directory (`jsonschema`, Draft 2020-12), on copies of the demo
workspace. Run from the repository root after the build:

    cargo build -p cargo-gate && python3 docs/schemas/validate_commands.py

Exit 0 when every document is valid (and the schemas refuse what they must), 1 otherwise, 2 when
it cannot run. `validate.py` does the same for the conformance-profile documents.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import referencing
except ImportError:
    print("validate_commands.py: the Python package `jsonschema` is required (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO = os.path.join(ROOT, "examples", "demo")
NOW = "2026-12-01T00:00:00Z"


def registry():
    resources = []
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".schema.json"):
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            resources.append((schema["$id"], referencing.Resource.from_contents(schema)))
    return referencing.Registry().with_resources(resources)


def validator(reg, name):
    schema = reg.contents(f"https://cargo-gate.dev/schemas/{name}")
    return jsonschema.Draft202012Validator(schema, registry=reg, format_checker=jsonschema.FormatChecker())


class Checker:
    def __init__(self, binary):
        self.binary = binary
        self.failures = 0
        self.checked = 0

    def run(self, cwd, *args, codes=(0, 1)):
        done = subprocess.run([self.binary, "gate", *args, "--offline", "--now", NOW, "--format", "json"],
                              capture_output=True, text=True, cwd=cwd, check=False)
        if done.returncode not in codes:
            raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr}")
        return json.loads(done.stdout)

    def valid(self, v, document, what):
        self.checked += 1
        errors = sorted(v.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            self.failures += 1
            print(f"FAIL {what}: /{'/'.join(str(p) for p in e.absolute_path)}: {e.message}")
        if not errors:
            print(f"ok   {what}")

    def invalid(self, v, document, what):
        self.checked += 1
        if v.is_valid(document):
            self.failures += 1
            print(f"FAIL {what}: the schema accepted it")
        else:
            print(f"ok   {what} (refused)")


def demo(scratch, name, bare=False):
    dest = os.path.join(scratch, name)
    shutil.copytree(DEMO, dest, ignore=shutil.ignore_patterns("target"))
    if bare:
        shutil.rmtree(os.path.join(dest, "policies"))
        shutil.rmtree(os.path.join(dest, "waivers"))
    return dest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "cargo-gate"))
    args = parser.parse_args()
    if not os.path.isfile(args.bin):
        print(f"validate_commands.py: no binary at {args.bin}: run `cargo build -p cargo-gate` first", file=sys.stderr)
        return 2
    reg = registry()
    v = {n: validator(reg, f"{n}.schema.json") for n in
         ["check", "envelope", "explain", "graph", "init", "key-new", "message", "waivers"]}
    c = Checker(args.bin)
    with tempfile.TemporaryDirectory() as scratch:
        ws = demo(scratch, "demo")
        c.valid(v["check"], c.run(ws, "check"), "check")
        c.valid(v["explain"], c.run(ws, "explain"), "explain")
        c.valid(v["explain"], c.run(ws, "explain", "waiver/expired"), "explain waiver/expired")
        c.valid(v["graph"], c.run(ws, "graph"), "graph")
        c.valid(v["key-new"], c.run(ws, "key", "new", "--id", "k", "--out", "keys-new", "--expires", "2027-06-01"),
                "key new")
        c.valid(v["waivers"], c.run(ws, "waiver", "list"), "waiver list")
        c.valid(v["waivers"], c.run(ws, "waiver", "audit"), "waiver audit")
        c.valid(v["message"], c.run(ws, "waiver", "new", "--rule", "layer", "--crate", "engine", "--dependency",
                                    "product", "--expires", "2027-01-15", "--rationale", "r", "--risk", "r",
                                    "--owner", "o"), "waiver new")
        c.valid(v["message"], c.run(ws, "waiver", "sign", "W-0002", "--key", "keys/demo-approver.key"), "waiver sign")
        c.valid(v["init"], c.run(ws, "init", "--baseline", "--key", "keys/demo-approver.key", "--ci", "github"),
                "init --baseline --key --ci github")
        c.valid(v["check"], c.run(ws, "check"), "check after the baseline")
        bare = demo(scratch, "bare", bare=True)
        c.valid(v["init"], c.run(bare, "init"), "init")
        error = c.run(bare, "init", codes=(2,))
        c.valid(v["envelope"], error, "init refused (exit 2)")
        if shutil.which("git"):
            git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
            for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "demo"]):
                subprocess.run(git + step, cwd=ws, check=True)
            c.valid(v["check"], c.run(ws, "check", "--base", "main"), "check --base main")
            c.valid(v["envelope"], c.run(ws, "check", "--base", "no-such-rev", codes=(2,)), "check --base unknown (exit 2)")
    c.invalid(v["check"], {"schema": 1, "tool": {"name": "cargo-gate", "version": "0"}, "command": "graph",
                           "verdict": "pass"}, "a check document of another command")
    c.invalid(v["graph"], {"schema": 1, "tool": {"name": "cargo-gate", "version": "0"}, "command": "graph",
                           "verdict": "maybe", "graph": {}}, "a graph document with a made-up verdict")
    c.invalid(v["envelope"], {"schema": 1, "tool": {"name": "cargo-gate", "version": "0"}, "command": "check",
                              "verdict": "fail", "error": {"message": "m"}}, "an error without exit_code")
    print(f"validate_commands.py: {c.checked} documents checked, {c.failures} problems")
    return 1 if c.failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"validate_commands.py: {e}", file=sys.stderr)
        sys.exit(1)
