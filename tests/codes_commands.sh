#!/usr/bin/env bash
# Whole-command test of issue 6's commands: keys init/rotate (modes 0600,
# refusing to overwrite), trust export/root, verify against a pinned root, a
# wrong root, an unpinned list and a stale list; code issue without a colour;
# code qr of the documented vector decoded by zbarimg; and no private key in
# any command's output. (The issue -> verify -> tamper -> expire -> QR path of
# a simulated person is CodesEndToEndTest in onecode_tests.)
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/all-output.txt"   # every stdout and stderr of every command, checked for secrets at the end
run() { "$@" >>"$out" 2>&1; }
fail() { echo "FAIL: $*" >&2; exit 1; }

store="$work/store"
"$bin" keys init --store "$store" --region 110105 --now 2026-11-26T00:00:00Z --days 30 --json | tee -a "$out" > "$work/init.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['key_id']==1 and d['region']=='110105', d" "$work/init.json"
for f in root.key code-id.key issuer-00001.key; do
  [ "$(stat -c %a "$store/keys/$f")" = 600 ] || fail "$f mode $(stat -c %a "$store/keys/$f"), want 600"
done
[ "$(stat -c %a "$store/keys")" = 700 ] || fail "keys dir not 700"
before=$(sha256sum "$store/keys/root.key")
if "$bin" keys init --store "$store" --region 110105 >>"$out" 2>"$work/err"; then fail "second keys init succeeded"; else rc=$?; fi
[ "$rc" = 2 ] || fail "second keys init exit $rc, want 2"
grep -q "refusing to overwrite" "$work/err" || fail "no clear refusal: $(cat "$work/err")"
cat "$work/err" >> "$out"
[ "$(sha256sum "$store/keys/root.key")" = "$before" ] || fail "root key changed"
"$bin" keys rotate --store "$store" --now 2026-11-27T00:00:00Z --days 30 --json | tee -a "$out" | grep -q '"key_id":2' || fail "rotate did not make key 2"
[ "$(stat -c %a "$store/keys/issuer-00002.key")" = 600 ] || fail "issuer-00002.key not 600"

# Trust list with both keys, root key exported for pinning.
run "$bin" trust export --store "$store" --out "$work/trust.txt" --now 2026-11-27T01:00:00Z
run "$bin" trust root --store "$store" --out "$work/root.pub"
[ "$(grep -c '^issuer 110105 ' "$work/trust.txt")" = 2 ] || fail "trust list should hold 2 keys"
cmp -s "$work/root.pub" "$store/keys/root.pub" || fail "exported root differs"
cat "$work/trust.txt" >> "$out"

# verify: malformed token is a completed verification (exit 0, stop, reason).
"$bin" verify 'OC1:NOT A TOKEN' --trust "$work/trust.txt" --root "$work/root.pub" --now 2026-11-27T02:00:00Z --json \
  | tee -a "$out" > "$work/v1.json"
python3 - "$work/v1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["result"] == "stop" and d["reason_code"] == "malformed" and d["pinned"] is True, d
assert "unpinned" not in d["reason"], d
PY
# Unpinned: every answer says so.
"$bin" verify 'OC1:NOT A TOKEN' --trust "$work/trust.txt" --now 2026-11-27T02:00:00Z --json | tee -a "$out" > "$work/v2.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['pinned'] is False and 'unpinned' in d['reason'], d" "$work/v2.json"
"$bin" verify 'OC1:NOT A TOKEN' --trust "$work/trust.txt" --now 2026-11-27T02:00:00Z | tee -a "$out" | grep -q unpinned || fail "human answer lacks 'unpinned'"
# --store pins STORE/keys/root.pub.
"$bin" verify - --trust "$work/trust.txt" --store "$store" --now 2026-11-27T02:00:00Z --json <<< 'OC1:AB' | tee -a "$out" | grep -q '"pinned":true' || fail "--store did not pin"

# A list checked against another root is refused (exit 2, clear reason).
other="$work/other"
run "$bin" keys init --store "$other" --region 310101
run "$bin" trust root --store "$other" --out "$work/other-root.pub"
if "$bin" verify 'OC1:AB' --trust "$work/trust.txt" --root "$work/other-root.pub" >>"$out" 2>"$work/err"; then fail "wrong root accepted"; else rc=$?; fi
[ "$rc" = 2 ] || fail "wrong root exit $rc"
grep -q "not by the pinned root" "$work/err" || fail "wrong root reason: $(cat "$work/err")"
# A tampered list (one key digit changed) is refused.
# The key's first hex digit becomes another one: 0 unless it was 0, then 1 (a
# fixed replacement left the list unchanged whenever the key began with it).
sed 's/^\(issuer 110105 1 \)0/\1X/; s/^\(issuer 110105 1 \)[1-9a-f]/\10/; s/^\(issuer 110105 1 \)X/\11/' \
  "$work/trust.txt" > "$work/tampered.txt"
cmp -s "$work/trust.txt" "$work/tampered.txt" && fail "tampering did not change the list"
if "$bin" verify 'OC1:AB' --trust "$work/tampered.txt" --root "$work/root.pub" >>"$out" 2>"$work/err"; then fail "tampered list accepted"; fi
grep -q "signature does not verify" "$work/err" || fail "tampered list reason: $(cat "$work/err")"
# A stale list (key 1 ended 2026-12-26) is refused when read after that.
if "$bin" verify 'OC1:AB' --trust "$work/trust.txt" --root "$work/root.pub" --now 2026-12-26T00:00:01Z >>"$out" 2>"$work/err"; then
  fail "stale list accepted"; fi
grep -q "110105/1 expired at 2026-12-26T00:00:00Z" "$work/err" || fail "stale list reason: $(cat "$work/err")"

# code issue needs a store with the person and a colour.
"$bin" sim --persons 200 --days 1 --seed 3 --out "$work/region" >>"$out" 2>&1
run "$bin" ingest --store "$store" "$work/region"
person=$(sed -n 2p "$work/region/feeds/persons.csv" | cut -d, -f1)
if "$bin" code issue --store "$store" --person "$person" >>"$out" 2>"$work/err"; then fail "issued without a colour"; else rc=$?; fi
[ "$rc" = 2 ] || fail "no-colour exit $rc"
grep -qx "onecode code issue: no colour for $person; run onecode colours" "$work/err" || fail "no-colour message: $(cat "$work/err")"
cat "$work/err" >> "$out"

# QR of the documented vector decodes with zbarimg to the same text (via stdin too).
token='OC1:W50J0M100ZGTVM8KAM/K2YDV5MLJML+PQH20K.088G100EP5000AH0.1T7BK7-S0FMNENA1Q/OL$3WNLAPP5B-PKNA8HKBCCC53/JHEE7L35IG5YUVQ2N7%EP2P/-Q+WSH/9Z75Q0OYU4RNFLZ3*TT:2013WCK020'
printf '%s\n' "$token" | "$bin" code qr - --png "$work/qr.png" --svg "$work/qr.svg" --json | tee -a "$out" | grep -q '"version":7' || fail "QR not version 7"
decoded=$(zbarimg --quiet --raw "$work/qr.png" 2>/dev/null)
[ "$decoded" = "$token" ] || fail "zbarimg read '$decoded'"
grep -q '<svg' "$work/qr.svg" || fail "no SVG written"
if "$bin" code qr 'OC1:AB' --png "$work/bad.png" >>"$out" 2>&1; then fail "qr of a malformed token succeeded"; fi

# No private key (hex seed, or its first half) in any output.
for f in "$store"/keys/*.key "$other"/keys/*.key; do
  secret=$(sed -n 2p "$f")
  [ ${#secret} = 64 ] || fail "$f: unexpected format"
  if grep -qi -e "$secret" -e "${secret:0:32}" -e "${secret:32:32}" "$out"; then fail "secret of $f appears in command output"; fi
done
echo "codes commands: ok"
