#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs `onecode demo` — a
# fresh embedded store in ./demo-data: simulate 50,000 people over the last 14
# days, ingest, create the node's keys, trace every case, compute everyone's
# colour, then serve the pages and API on http://127.0.0.1:8080/ until Ctrl-C.
# Idempotent: the demo recreates ./demo-data/sim and ./demo-data/store.
# Extra arguments go to `onecode demo` (e.g. --persons 20000 --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec ./build/onecode demo --dir demo-data "$@"
