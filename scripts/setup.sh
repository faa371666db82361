#!/usr/bin/env bash
# Installs every build and test dependency of OneCode from Debian 12 packages.
# Idempotent: packages already present are skipped by apt; safe to run again.
# See docs/dependencies.md for why each package is here.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev   # Beast/Asio (HTTP) and Boost.JSON, one of each kind
  librocksdb-dev                            # embedded keyed store
  libsodium-dev                             # Ed25519 signatures
  libqrencode-dev                           # QR rendering
  libcli11-dev                              # command line parsing
  libgtest-dev libgmock-dev                 # unit tests
  libbenchmark-dev                          # micro benchmarks
  zlib1g-dev                                # gzip streams for large feed files
  chromium fonts-noto-cjk                   # browser tests of the pages (playwright-core drives it); CJK glyphs
  wrk nginx-light                           # bench/http_bench.sh: load generator and the static-file ceiling
  nodejs npm                                # json-logic-js: differential test and benchmark peer of the rule engine
  zbar-tools                                # zbarimg: independent QR decoder in the codes tests (issue 6)
  clang                                     # libFuzzer + sanitizers for the token/trust-list fuzz targets (issue 6)
  postgresql-15                             # bench/trace_bench.sh: SQL peer of the tracing join (temporary cluster on loopback)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
