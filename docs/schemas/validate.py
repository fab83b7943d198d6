#!/usr/bin/env python3
"""Validates cargo-gate's own JSON outputs against the schemas in this directory, with the
`jsonschema` package (Draft 2020-12). CI runs it from the repository root after the build:

    cargo build -p cargo-gate && python3 docs/schemas/validate.py

It runs the binary (target/debug/cargo-gate, or --bin PATH) on the demo workspace to produce
ConformanceReports (`profile eval` on every sample result file, `profile run` with the example
adapter), an execution plan (`profile plan`) and a case-result report (written by the adapter),
validates each one, validates the committed case reports, and checks that the schemas refuse a
few documents they must refuse. Exit 0 when everything holds, 1 otherwise, 2 when it cannot run.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("validate.py: the Python package `jsonschema` is required (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO = os.path.join(ROOT, "examples", "demo")
PROFILES = os.path.join(DEMO, "profiles")
NOW = "2026-12-01T00:00:00Z"


def validator(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def gate(binary, *args):
    command = [binary, "gate", *args, "--manifest-path", os.path.join(DEMO, "Cargo.toml"), "--offline", "--now", NOW]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr}")
    return done


class Checker:
    def __init__(self):
        self.failures = 0
        self.checked = 0

    def valid(self, v, document, what):
        self.checked += 1
        errors = sorted(v.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            self.failures += 1
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"FAIL {what}: /{where}: {e.message}")
        if not errors:
            print(f"ok   {what}")

    def invalid(self, v, document, what):
        self.checked += 1
        if v.is_valid(document):
            self.failures += 1
            print(f"FAIL {what}: the schema accepted it")
        else:
            print(f"ok   {what} (refused)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "cargo-gate"))
    args = parser.parse_args()
    if not os.path.isfile(args.bin):
        print(f"validate.py: no binary at {args.bin}: run `cargo build -p cargo-gate` first", file=sys.stderr)
        return 2
    report_v = validator("conformance-report.schema.json")
    plan_v = validator("profile-plan.schema.json")
    case_v = validator("case-report.schema.json")
    check = Checker()

    caps = os.path.join(PROFILES, "capabilities.json")
    for results in sorted(glob.glob(os.path.join(PROFILES, "results", "*"))):
        done = gate(args.bin, "profile", "eval", "--profile", "protocol-module", "--results", results,
                    "--capabilities", caps, "--format", "json")
        check.valid(report_v, json.loads(done.stdout), f"profile eval {os.path.basename(results)}")
    for report in sorted(glob.glob(os.path.join(ROOT, "**", "*case-report.json"), recursive=True)):
        if "/target/" in report:
            continue
        with open(report, encoding="utf-8") as f:
            check.valid(case_v, json.load(f), os.path.relpath(report, ROOT))

    with tempfile.TemporaryDirectory() as out:
        done = gate(args.bin, "profile", "plan", "--profile", "protocol-module", "--capabilities", caps,
                    "--implementation", "demo-rs", "--out", out, "--format", "json")
        printed = json.loads(done.stdout)
        check.valid(plan_v, printed["plan"], "profile plan --format json (its `plan`)")
        plan_file = printed["plan_file"]
        with open(plan_file, encoding="utf-8") as f:
            check.valid(plan_v, json.load(f), "profile plan (plan.json)")
        adapter = f"{sys.executable} {os.path.join(PROFILES, 'adapter.py')}"
        done = gate(args.bin, "profile", "run", "--profile", "protocol-module", "--capabilities", caps,
                    "--adapter", adapter, "--out", out, "--format", "json")
        check.valid(report_v, json.loads(done.stdout), "profile run (ConformanceReport)")
        with open(os.path.join(out, "case-report.json"), encoding="utf-8") as f:
            check.valid(case_v, json.load(f), "profile run (the adapter's case-result report)")
        with open(os.path.join(out, "plan.json"), encoding="utf-8") as f:
            check.valid(plan_v, json.load(f), "profile run (plan.json)")

    bad_case = {"suite": "s", "implementation": "i", "results": [{"case": "a", "outcome": "passed"}]}
    check.invalid(case_v, bad_case, "a case report with outcome `passed`")
    check.invalid(case_v, {"suite": "s", "results": []}, "a case report without `implementation`")
    check.invalid(plan_v, {"schema": 1}, "a plan without cases")
    check.invalid(report_v, {"schema": 1, "command": "check"}, "a report of another command")

    print(f"validate.py: {check.checked} documents checked, {check.failures} problems")
    return 1 if check.failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"validate.py: {e}", file=sys.stderr)
        sys.exit(1)
