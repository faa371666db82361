#!/usr/bin/env bash
# Configures (once) and builds OneCode into ./build with Ninja. Idempotent.
# BUILD_TYPE=Debug scripts/build.sh for a debug build in ./build-debug.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${BUILD_TYPE:-Release}"
dir=build
[ "$type" = "Release" ] || dir="build-$(echo "$type" | tr '[:upper:]' '[:lower:]')"
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
fi
# Two cores on the reference machine: never more than two jobs.
ninja -C "$dir" -j2
