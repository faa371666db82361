#!/usr/bin/env bash
# The main job: installs dependencies, builds, simulates a region of 20,000
# people over 14 days into ./sim-out, loads it into the embedded store
# ./sim-out/store, measures the derived itineraries against the truth and shows
# one person's itinerary. (Grows into `onecode demo` as the pipeline lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/onecode sim --persons 20000 --days 14 --seed 7 --out sim-out
./build/onecode ingest --store sim-out/store sim-out
./build/onecode eval --store sim-out/store --truth sim-out
person=$(sed -n 2p sim-out/feeds/transport.csv | cut -d, -f1)
./build/onecode itinerary --store sim-out/store --person "$person"
