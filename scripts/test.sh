#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (ctest), printing the
# runner's summary. Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j2 --timeout 600
