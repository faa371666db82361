#!/usr/bin/env bash
# Whole-command test of `onecode rules eval` and `onecode rules check`:
# results, exit codes (0 ok, 2 bad input, 1 unreadable file) and one-line errors.
# usage: rules_cli.sh PATH/TO/onecode SOURCE_DIR
set -uo pipefail
bin="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect NAME WANT_STATUS WANT_STDOUT -- command...
  local name="$1" want_status="$2" want_out="$3"
  shift 4
  local out status
  out="$("$@" 2>"$tmp/err")"
  status=$?
  if [ "$status" != "$want_status" ] || { [ -n "$want_out" ] && [ "$out" != "$want_out" ]; }; then
    echo "FAIL $name: status $status (want $want_status), stdout [$out] (want [$want_out]), stderr [$(cat "$tmp/err")]"
    fail=1
  else
    echo "ok   $name"
  fi
}
expect "eval arithmetic" 0 '0.30000000000000004' -- "$bin" rules eval '{"+": [0.1, 0.2]}' 'null'
expect "eval var over data" 0 '"apple"' -- "$bin" rules eval '{"var": "pie.filling"}' '{"pie": {"filling": "apple"}}'
echo '{"a": [1, 2, 3]}' > "$tmp/data.json"
echo '{"map": [{"var": "a"}, {"*": [{"var": ""}, 2]}]}' > "$tmp/logic.json"
expect "eval @files" 0 '[2,4,6]' -- "$bin" rules eval "@$tmp/logic.json" "@$tmp/data.json"
expect "eval certlogic" 0 'true' -- "$bin" rules eval --dialect certlogic \
  '{"before": [{"plusTime": ["2021-06-01", 0, "day"]}, {"plusTime": ["2021-06-01", 1, "hour"]}]}' 'null'
expect "eval unknown operator" 2 '' -- "$bin" rules eval '{"nope": [1]}' 'null'
expect "eval bad data" 2 '' -- "$bin" rules eval '{"var": "a"}' '{"a": '
expect "eval missing file" 1 '' -- "$bin" rules eval "@$tmp/none.json" 'null'
expect "eval certlogic type error" 2 '' -- "$bin" rules eval --dialect certlogic '{"+": [1, "2"]}' 'null'
expect "check default rules" 0 '' -- "$bin" rules check "$src/rules/default.json"
"$bin" rules check --json "$src/rules/default.json" > "$tmp/check.json"
grep -q '"version":"' "$tmp/check.json" && grep -q '"rules":' "$tmp/check.json" || { echo "FAIL check --json: $(cat "$tmp/check.json")"; fail=1; }
sed 's/"colour": "yellow"/"colour": "amber"/' "$src/rules/default.json" > "$tmp/bad.json"
expect "check rejects a bad colour" 2 '' -- "$bin" rules check "$tmp/bad.json"
grep -q 'rule "second-degree-or-companion": unknown colour "amber"' "$tmp/err" || { echo "FAIL message: $(cat "$tmp/err")"; fail=1; }
[ "$(wc -l < "$tmp/err")" = 1 ] || { echo "FAIL: error is not one line"; fail=1; }
expect "check missing file" 1 '' -- "$bin" rules check "$tmp/none.json"
exit $fail
