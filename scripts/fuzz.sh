#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of what the bridge parses from outside: gateway frames, WAV files and
# streams, the config file and --set values, and the reply filter. Each target fuzzes for its
# @FuzzTest(maxDuration) in its own JVM (Jazzer fuzzes one test per run). A finding fails the run and is
# written as a new input under src/test/resources/.../<Class>Inputs/<method>/, where `mvn test` replays it
# from then on: commit it with the fix. The working corpus grows in .cifuzz-corpus/ (not committed).
#
#   bash scripts/fuzz.sh            # every target
#   bash scripts/fuzz.sh WavDecoderFuzzTest#anyBytesAreAudioOrOneClearError
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    FrameCodecFuzzTest#anyTextIsAFrameOrOneBoundedProtocolError
    WavDecoderFuzzTest#anyBytesAreAudioOrOneClearError
    WavDecoderFuzzTest#anyStreamHasAHeaderOrOneClearError
    ConfigLoaderFuzzTest#anyFileIsAConfigurationOrProblemsInWords
    ConfigLoaderFuzzTest#anySetValueIsAcceptedWhenValidOrRefusedInWords
    ReplyFilterFuzzTest#anyReplyInAnyPiecesIsSpeakable
  )
fi
failed=()
for t in "${targets[@]}"; do
  echo "== fuzzing $t" >&2
  log="target/fuzz-${t//[#]/-}.log"
  mkdir -p target
  if JAZZER_FUZZ=1 mvn -o -q -B test-compile surefire:test@fuzz-corpus -Dfuzz.test="$t" >"$log" 2>&1; then
    grep -a -E '^Done [0-9]+ runs' "$log" | tail -1 | sed "s|^|   |" >&2 || true
  else
    failed+=("$t")
    { grep -a -E 'FuzzTestFinding|Caused by|AssertionFailedError|crash-|== Java Exception|ERROR' "$log" || true; } \
      | head -8 | sed 's|^|   |' >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found failures in: ${failed[*]} (logs in target/fuzz-*.log)" >&2
  exit 1
fi
echo "fuzzing: no finding in ${#targets[@]} target(s)" >&2
