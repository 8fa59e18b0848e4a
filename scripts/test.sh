#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with Java 17 and Maven: installs what the tests need
# (each step is a no-op when already done), then runs `mvn verify`. Extra arguments go to Maven, e.g.
#   bash scripts/test.sh -Dtest=StoreTest
set -euo pipefail
cd "$(dirname "$0")/.."

# ---- system packages ------------------------------------------------------------------------------
# espeak-ng + sox: speech fixtures and the espeak TTS engine; pulseaudio: a real audio device path
# (null sink + monitor) for the playback and capture tests; libspeexdsp1: the echo canceller; npm: the
# OpenClaw gateway and model packages; chromium + chromium-driver: the live page's browser test (LivePageIT);
# systemd: systemd-analyze verify of the service unit; iproute2: ss, for the sockets ClusterIT counts and probes.
packages=(espeak-ng sox pulseaudio pulseaudio-utils libasound2-plugins alsa-utils libspeexdsp1 chromium chromium-driver systemd iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm often comes with a Node.js that is not Debian's (it conflicts with Debian's npm): only install
# Debian's when there is no npm at all.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- the real OpenClaw gateway (Node 24 + openclaw from npm, cached outside the work tree) -----------
bash scripts/install-openclaw.sh >/dev/null

# ---- a real audio device: a user-mode PulseAudio daemon with a null sink (the monitor is the default
#      source), reached by the tests through PULSE_SERVER (set in pom.xml); no-op when already running -----
bash scripts/pulseaudio-test-daemon.sh

# ---- an arm64 Java under qemu-user-static for the emulated Raspberry Pi smoke test (Aarch64SmokeIT):
#      Debian's arm64 packages unpacked into ~/.cache, nothing installed over the machine's own Java ----------
bash scripts/arm64-sysroot.sh >/dev/null \
  || echo "the arm64 emulator could not be installed here: Aarch64SmokeIT will be skipped (it says so)" >&2

# ---- the suite ---------------------------------------------------------------------------------------
mvn -B verify "$@"

# ---- fuzzing: each parser of outside input for its time budget (about 45 s a target), the whole suite
#      only (a run narrowed with -D... options skips it) ---------------------------------------------------
if [ $# -eq 0 ]; then
  bash scripts/fuzz.sh
fi
