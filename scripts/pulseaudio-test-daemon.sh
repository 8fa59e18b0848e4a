#!/usr/bin/env bash
# Starts a user-mode PulseAudio daemon with a null sink ("vsink") whose monitor is the default source, so
# that Java's javax.sound (through the ALSA pulse plugin) sees a `default` mixer: the speaker sink plays
# into vsink and a capture of vsink.monitor hears it back. Idempotent: a no-op when the daemon already runs.
# Works as root (CI) too: -n skips the default script, --system is not used, and XDG_RUNTIME_DIR points to
# a private directory. Exits 0 with a message on stderr when PulseAudio is not installed (nothing to start).
# Clients (pactl, the test JVM) reach it with PULSE_SERVER=unix:$dir/pulse/native, which pom.xml gives to the
# tests; the directory is fixed per user so Maven can name it without running this script first.
#   VOICE_BRIDGE_PULSE_DIR  the daemon's runtime directory (default /tmp/voice-bridge-pulse-$USER)
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
  # A stale pid file from a killed daemon would make --daemonize refuse to start.
  rm -f "$dir/pulse/pid"
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
echo "pulseaudio-test-daemon: running (PULSE_SERVER=$PULSE_SERVER, sink vsink, source vsink.monitor)" >&2
