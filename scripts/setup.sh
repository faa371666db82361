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

# A package counts as present when dpkg has it, or, for the few whose job is a
# command, when that command is already on PATH from another source. Machines
# that carry NodeSource's nodejs (which bundles npm and conflicts with Debian's
# npm package) must not be asked to install Debian's npm: apt refuses with
# "held broken packages".
command_of() {
  case "$1" in
    nodejs) echo node ;;
    npm) echo npm ;;
    *) echo "" ;;
  esac
}

missing=()
for p in "${PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    continue
  fi
  cmd=$(command_of "$p")
  if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then
    continue
  fi
  missing+=("$p")
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
