#!/usr/bin/env bash
# Attestations checked by independent implementations (../shared/interop): release the demo
# library, then verify each DSSE envelope with securesystemslib and the Sigstore bundle with
# @sigstore/verify. Usage: .ci/interop-release.sh  (from anywhere; needs ../shared beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
interop="$(pwd)/../shared/interop"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
demo=examples/release-demo
gate=(cargo run -q --locked -p cargo-gate --)

"${gate[@]}" gate release --manifest-path "$demo/Cargo.toml" --offline \
  --key "$demo/keys/release-demo-signer.key" --out "$work/out"
jsonl="$work/out/tidy-queue-0.1.0.intoto.jsonl"
bundle="$work/out/tidy-queue-0.1.0.sigstore.json"
crate="$demo/target/package/tidy-queue-0.1.0.crate"
pem="$demo/keys/release-demo-signer.pub.pem"
"${gate[@]}" gate verify "$jsonl" --manifest-path "$demo/Cargo.toml" --crate "$crate" --offline -q

python3 -m venv "$work/venv" >/dev/null
"$work/venv/bin/pip" install -q -r "$interop/requirements-verify.txt"
sed -n 1p "$jsonl" > "$work/vsa.json"
sed -n 2p "$jsonl" > "$work/gate.json"
"$work/venv/bin/python" "$interop/verify_dsse.py" "$work/vsa.json" "$pem" --subject "$crate" \
  --predicate-type https://slsa.dev/verification_summary/v1
"$work/venv/bin/python" "$interop/verify_dsse.py" "$work/gate.json" "$pem" --subject "$crate" \
  --predicate-type https://cargo-gate.dev/release-gate/v1

npm install --silent --no-audit --no-fund --prefix "$work/npm" @sigstore/bundle@4 @sigstore/verify@3 >/dev/null
NODE_PATH="$work/npm/node_modules" node "$interop/verify_bundle.js" "$bundle" "$pem"
echo "interop-release: securesystemslib and @sigstore/verify accept the attestation"
