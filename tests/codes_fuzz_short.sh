#!/usr/bin/env bash
# CI's short fuzz run (issue 6): the token and trust-list parsers under
# libFuzzer + ASan + UBSan for 15 s each. Longer runs: bench/fuzz_tokens.sh.
set -euo pipefail
work="${1:?usage: codes_fuzz_short.sh WORK_DIR}"
exec bash "$(dirname "$0")/../bench/fuzz_tokens.sh" "${FUZZ_SECONDS:-15}" "$work"
