#!/usr/bin/env bash
# Downloads a Whisper model in whisper.cpp's ggml format for the whisper speech-to-text engine. Needs a
# machine with internet access (the bridge itself never downloads at run time); copy the file to the
# bridge's machine otherwise. The models are OpenAI's Whisper weights (MIT) converted by whisper.cpp.
#
#   scripts/download-whisper-model.sh [MODEL] [DIR]
#     MODEL  tiny, tiny.en, base, base.en (default), small, small.en, medium, medium.en, large-v3 ...
#     DIR    where to put ggml-MODEL.bin (default: $VOICE_BRIDGE_MODELS or ~/.voice-bridge/models)
#
# Then: --set stt.engine=whisper (stt.whisper.modelPath defaults to ~/.voice-bridge/models/ggml-base.en.bin;
# set it for another model). A no-op when the file is already there.
set -euo pipefail
model="${1:-base.en}"
dir="${2:-${VOICE_BRIDGE_MODELS:-$HOME/.voice-bridge/models}}"
case "$model" in
  *[!a-z0-9.-]*|"") echo "download-whisper-model: bad model name '$model' (e.g. base.en)" >&2; exit 2 ;;
esac
target="$dir/ggml-$model.bin"
if [ -s "$target" ]; then
  echo "$target is already there" >&2
  exit 0
fi
mkdir -p "$dir"
url="https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-$model.bin"
tmp="$target.part"
echo "downloading $url" >&2
if command -v curl >/dev/null; then
  curl -fL --progress-bar -o "$tmp" "$url"
elif command -v wget >/dev/null; then
  wget -q --show-progress -O "$tmp" "$url"
else
  echo "download-whisper-model: curl or wget is needed" >&2
  exit 1
fi
# a ggml file starts with the magic "lmgg" (0x67676d6c little-endian); an error page does not
if [ "$(head -c 4 "$tmp")" != "lmgg" ]; then
  rm -f "$tmp"
  echo "download-whisper-model: $url did not return a ggml model" >&2
  exit 1
fi
mv "$tmp" "$target"
echo "$target ($(du -h "$target" | cut -f1)); use it with --set stt.engine=whisper --set stt.whisper.modelPath=$target" >&2
