#!/usr/bin/env bash
# Regenerates the files derived from code: conf/bridge.json, docs/configuration.md, docs/event-bus.md.
# Needs compiled classes (mvn compile); tests fail when these files are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=target/classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
run() { java -cp "target/classes:$(cat "$cp_file")" dev.voicebridge.cli.Main "$@"; }
run config defaults > conf/bridge.json
run config docs > docs/configuration.md
run bus docs > docs/event-bus.md
echo "regenerated conf/bridge.json docs/configuration.md docs/event-bus.md"
