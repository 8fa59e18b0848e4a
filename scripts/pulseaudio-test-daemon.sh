#!/usr/bin/env bash
# A user-mode PulseAudio daemon for the audio tests: one null sink ("vsink") that is the default sink, and
# its monitor ("vsink.monitor") as the default source. Whatever is played into vsink can be captured back
# through javax.sound (TargetDataLine -> ALSA "default" -> pulse plugin), so the real capture and playback
# paths run on a machine without a sound card.
#
# Idempotent: when the daemon already answers, it only (re)sets the defaults. Root-safe: no --system, the
# default script is skipped (-n) and the runtime directory is private to this script. When PulseAudio is
# not installed it says so on stderr and exits 0 (the tests that need it then report what is missing).
#
# Clients find the daemon with:  PULSE_SERVER=unix:$VOICE_BRIDGE_PULSE_DIR/pulse/native
#   VOICE_BRIDGE_PULSE_DIR  runtime directory (default /tmp/voice-bridge-pulse-$USER)
# Prints the PULSE_SERVER value on stdout (last line) for callers.
set -euo pipefail
if ! command -v pulseaudio >/dev/null || ! command -v pactl >/dev/null; then
  echo "pulseaudio-test-daemon: PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)" >&2
  exit 0
fi
dir="${VOICE_BRIDGE_PULSE_DIR:-/tmp/voice-bridge-pulse-$(id -un)}"
mkdir -p "$dir"
chmod 700 "$dir"
export XDG_RUNTIME_DIR="$dir"
export PULSE_SERVER="unix:$dir/pulse/native"

if ! pactl info >/dev/null 2>&1; then
  rm -f "$dir/pulse/pid"   # a pid file left by a killed daemon makes --daemonize refuse to start
  pulseaudio --daemonize=yes --exit-idle-time=-1 -n --disallow-exit --use-pid-file=yes \
    --log-target=stderr --log-level=error \
    --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=vsink sink_properties=device.description=voice-bridge-test-sink" \
    --load=module-always-sink
  for _ in $(seq 1 50); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
pactl info >/dev/null
pactl set-default-sink vsink
pactl set-default-source vsink.monitor
echo "pulseaudio-test-daemon: running (sink vsink, default source vsink.monitor)" >&2
echo "$PULSE_SERVER"
