#!/usr/bin/env python3
"""An example conformance adapter (PRODUCT.md §6.1, seed 001 §9.1).

cargo gate profile run calls it with the execution plan's path as its last argument:

    python3 adapter.py [--fail CASE]... PLAN

It reads the plan, "runs" every selected case against the implementation, writes one evidence log
per case into the plan's output directory and the case-result report to the plan's `report` path.
A real adapter would drive the implementation here; this one simulates it: every case passes
except those named with --fail and the experimental ones (not frozen yet, so they may fail).
"""

import json
import os
import sys


def main(argv):
    if not argv:
        print("usage: adapter.py [--fail CASE]... PLAN", file=sys.stderr)
        return 2
    plan_path, options = argv[-1], argv[:-1]
    failing = {options[i + 1] for i, arg in enumerate(options[:-1]) if arg == "--fail"}
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)

    evidence_dir = os.path.join(plan["output_dir"], "evidence")
    os.makedirs(evidence_dir, exist_ok=True)
    results = []
    for case in plan["cases"]:
        outcome = "fail" if case["id"] in failing or case["status"] == "experimental" else "pass"
        log = os.path.join(evidence_dir, case["id"] + ".log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(f"{plan['implementation']}: {case['id']} ({case['layer']}): {outcome}\n")
        results.append({"case": case["id"], "outcome": outcome, "evidence": [log]})
        print(f"{case['id']}: {outcome}")

    report = {"suite": plan["suite"], "implementation": plan["implementation"], "results": results}
    with open(plan["report"], "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
