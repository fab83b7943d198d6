#!/usr/bin/env bash
# Validates `cargo gate graph` with the real tools: graphviz's `dot` must parse the DOT output and
# Mermaid must accept the Mermaid output — mermaid-cli rendering it in headless Chromium (Debian's
# `chromium`), or, where Chromium cannot be installed, the `mermaid` package's own parser in Node
# (with jsdom). Installs what is missing (Debian packages with apt-get, npm packages into a cache
# directory), then runs the graph tests with the tools required, and checks the demo's drawing.
# GATE_MERMAID_WITH=parser uses Mermaid's parser even where Chromium is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
tools="${GATE_GRAPH_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/cargo-gate-graph-tools}"
mkdir -p "$tools"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
command -v dot >/dev/null || missing+=(graphviz)
[ "${GATE_MERMAID_WITH:-}" = parser ] || command -v chromium >/dev/null || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  $sudo apt-get update -qq
  # Chromium is optional: without it Mermaid's parser stands in for mermaid-cli.
  $sudo apt-get install -y -qq graphviz >/dev/null
  $sudo apt-get install -y -qq chromium >/dev/null || echo "graph-check: no chromium; using Mermaid's parser in Node"
fi

validator="$tools/mermaid-validate"
if [ "${GATE_MERMAID_WITH:-}" != parser ] && command -v chromium >/dev/null; then
  kind="mermaid-cli (headless Chromium)"
  [ -x "$tools/node_modules/.bin/mmdc" ] ||
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$tools" @mermaid-js/mermaid-cli@11
  printf '{"executablePath": "%s", "args": ["--no-sandbox", "--headless=new"]}\n' "$(command -v chromium)" >"$tools/puppeteer.json"
  cat >"$validator" <<SCRIPT
#!/usr/bin/env bash
# mermaid-cli renders the file in headless Chromium: exit 0 when Mermaid accepts it.
set -euo pipefail
out=\$(mktemp --suffix=.svg)
trap 'rm -f "\$out"' EXIT
"$tools/node_modules/.bin/mmdc" --quiet -p "$tools/puppeteer.json" -i "\$1" -o "\$out"
SCRIPT
else
  kind="Mermaid's parser in Node"
  [ -d "$tools/node_modules/jsdom" ] && [ -d "$tools/node_modules/mermaid" ] || npm install --silent --no-audit --no-fund --prefix "$tools" mermaid@11 jsdom@26
  cat >"$tools/mermaid-parse.mjs" <<'SCRIPT'
// Mermaid's own parser (the one mermaid-cli and GitHub run), in Node with a jsdom window.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
try {
  await mermaid.parse(readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  console.error(String(e.message ?? e));
  process.exit(1);
}
SCRIPT
  printf '#!/usr/bin/env bash\nexec node %q "$1"\n' "$tools/mermaid-parse.mjs" >"$validator"
fi
chmod +x "$validator"

export GATE_MERMAID_VALIDATOR="$validator" GATE_REQUIRE_GRAPH_TOOLS=1
cargo test -q --locked -p cargo-gate --test graph

# The demo's drawing, as a reader of the README would make it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
gate() { cargo run -q --locked -p cargo-gate -- gate graph --manifest-path examples/demo/Cargo.toml --offline "$@" || [ $? -eq 1 ]; }
gate --format dot >"$scratch/demo.dot"
dot -Tsvg "$scratch/demo.dot" -o "$scratch/demo.svg"
gate >"$scratch/demo.mmd"
"$validator" "$scratch/demo.mmd"
echo "graph-check: the demo's DOT parses with graphviz, and its Mermaid with $kind"
