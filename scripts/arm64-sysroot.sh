#!/usr/bin/env bash
# An arm64 (aarch64) Java 17 for the emulated smoke test (Aarch64SmokeIT): Debian's own
# openjdk-17-jre-headless:arm64 and the few libraries the JVM and the jar's natives load, downloaded with
# apt-get (multiarch index) and unpacked into a directory — nothing is installed, so the machine's own Java
# stays as it is. qemu-user-static runs it: qemu-aarch64-static -L SYSROOT SYSROOT/usr/lib/jvm/.../bin/java.
# Prints the sysroot's path on its last line. A no-op when it is there already.
set -euo pipefail
root="${VOICE_BRIDGE_ARM64_SYSROOT:-$HOME/.cache/voice-bridge/arm64-sysroot}"
java="$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
# qemu-user 7.2 shows an arm64 program the host's own /proc/cpuinfo (an x86 one); onnxruntime's CPU probe
# dereferences a null pointer on some hosts' (seen on AMD EPYC: SIGSEGV while its library loads). qemu looks
# for absolute paths under its -L prefix first, so the sysroot gets a Raspberry Pi 4's (Cortex-A72: crc32, no
# fp16 — which also decides the whisper.cpp build the bridge picks, as on a Pi 4).
write_cpuinfo() {
  mkdir -p "$root/proc"
  : > "$root/proc/cpuinfo"
  for cpu in 0 1; do
    printf 'processor\t: %s\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n' "$cpu" >> "$root/proc/cpuinfo"
  done
}

if [ -x "$java" ] && command -v qemu-aarch64-static >/dev/null 2>&1; then
  write_cpuinfo
  echo "$root"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
# the JVM (libjvm, libjava, libzip, libnio, libjsound) and the jar's natives (onnxruntime, whisper.cpp with
# its OpenMP runtime libgomp1,
# sqlite, JNA) need no more than these
packages=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 libgomp1 zlib1g libasound2)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq "${packages[@]/%/:arm64}" >/dev/null)
mkdir -p "$root"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$root"
done
# Debian's JRE keeps its security configuration in /etc; the unpacked JVM looks for it under its own tree
if [ -d "$root/etc/java-17-openjdk" ] && [ -L "$root/usr/lib/jvm/java-17-openjdk-arm64/conf" ]; then
  rm "$root/usr/lib/jvm/java-17-openjdk-arm64/conf"
  cp -r "$root/etc/java-17-openjdk" "$root/usr/lib/jvm/java-17-openjdk-arm64/conf"
fi
[ -x "$java" ] || { echo "arm64-sysroot: no java at $java after unpacking" >&2; exit 1; }
write_cpuinfo
echo "$root"
