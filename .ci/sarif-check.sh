#!/usr/bin/env bash
# SARIF check with Microsoft's SARIF Multitool (GitHub ingestion rules + SARIF spec rules): the
# demo's SARIF must give zero results. Usage: .ci/sarif-check.sh [SARIF_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
sarif=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$sarif" ]; then
  sarif="$work/demo.sarif"
  set +e
  cargo run -q --locked -p cargo-gate -- gate check --manifest-path examples/demo/Cargo.toml --offline \
    --format sarif --output "$sarif"
  code=$?
  set -e
  [ "$code" -le 1 ] || { echo "sarif-check: cargo gate check exited $code"; exit 1; }
fi
npm install --silent --no-audit --no-fund --prefix "$work/npm" @microsoft/sarif-multitool >/dev/null
tool="$work/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
# Call the binary directly: the npm wrapper passes arguments through a shell unquoted.
"$tool" validate "$sarif" --rule-kind "Gh;Sarif" -o "$work/result.sarif" --log ForceOverwrite >/dev/null || true
python3 - "$work/result.sarif" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0].get("results", [])
for r in results:
    m = r.get('message', {})
    print(f"  {r.get('level', 'warning')}: {r.get('ruleId')}: {m.get('text') or ' '.join(m.get('arguments', []))}")
print(f"sarif-check: {len(results)} result(s) from the SARIF Multitool")
sys.exit(1 if results else 0)
PY
