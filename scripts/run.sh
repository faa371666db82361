#!/usr/bin/env bash
# The main job: installs dependencies, builds, and simulates a region of
# 20,000 people over 14 days into ./sim-out, printing its summary.
# (Grows into `onecode demo` as the pipeline lands; see README.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/onecode sim --persons 20000 --days 14 --seed 7 --out sim-out
