#!/usr/bin/env bash
# Issue 5's acceptance run on a small simulated region: sim -> ingest -> trace
# -> colours, then checks that every registered case is red with its reason,
# every traced first-degree close contact is red, green persons have no
# reasons, the counts add up, a dry run of the same rules changes nothing, a
# malformed rule set is refused naming the rule and the problem (exit 2), and
# a published rule set is the one `colours` then uses.
# usage: colours_acceptance.sh PATH/TO/onecode SOURCE_DIR [SEED]
set -euo pipefail
bin="$1"
src="$2"
seed="${3:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0

# 12 seeded infections (instead of 3) so that several cases are reported within 7 days.
"$bin" sim --persons 3000 --days 7 --seed "$seed" --seeds 12 --out "$work/region" --json > "$work/sim.json"
"$bin" ingest --store "$work/store" "$work/region" --json > "$work/ingest.json"
"$bin" trace --store "$work/store" --json > "$work/trace.json"
"$bin" colours --store "$work/store" --json > "$work/colours.json"
"$bin" export --store "$work/store" --what contacts --out "$work/contacts.csv" > /dev/null
"$bin" export --store "$work/store" --what colours --out "$work/colours.csv" > /dev/null
"$bin" rules dryrun "$src/rules/default.json" --store "$work/store" --json > "$work/dryrun.json"

python3 - "$work" "$src" <<'PY'
import csv, json, re, sys
work, src = sys.argv[1], sys.argv[2]
colours = json.load(open(f"{work}/colours.json"))
default_version = json.load(open(f"{src}/rules/default.json"))["version"]
assert colours["ruleset"] == default_version, colours
persons = [r["person"] for r in csv.DictReader(open(f"{work}/region/feeds/persons.csv"))]
assert colours["green"] + colours["yellow"] + colours["red"] == len(persons), (colours, len(persons))

rows = list(csv.DictReader(open(f"{work}/colours.csv")))
assert list(rows[0].keys()) == ["person", "colour", "ruleset", "computed_at", "reasons"], rows[0].keys()
by_person = {r["person"]: r for r in rows}
assert len(rows) == len(by_person) == len(persons), (len(rows), len(persons))
for r in rows:
    r["reasons"] = json.loads(r["reasons"])
    assert isinstance(r["reasons"], list), r
    assert r["ruleset"] == default_version and r["computed_at"] == colours["as_of"], r
for c in ("green", "yellow", "red"):
    assert sum(r["colour"] == c for r in rows) == colours[c], c

# Every registered confirmed/asymptomatic case (reported by "now") is red with its reason.
cases = [r for r in csv.DictReader(open(f"{work}/region/feeds/cases.csv"))
         if r["status"] in ("confirmed", "asymptomatic") and r["reported"] <= colours["as_of"]]
assert len(cases) >= 3, f"only {len(cases)} cases in the simulated region; pick another seed"
for c in cases:
    r = by_person[c["person"]]
    assert r["colour"] == "red", (c, r)
    assert any(re.fullmatch(r"Registered (confirmed|asymptomatic) case", s) for s in r["reasons"]), (c, r)

# Every traced first-degree close contact is red, with the close-contact reason.
close = {e["person"] for e in csv.DictReader(open(f"{work}/contacts.csv"))
         if e["kind"] in ("colocation", "cotravel_close", "venue")}
assert close, "tracing found no close contacts; pick another seed"
for p in close:
    r = by_person[p]
    assert r["colour"] == "red", r
    assert any(s.startswith("Close contact of a case (") for s in r["reasons"]), r

# Green persons exist and have no reasons; everyone else has at least one.
green = [r for r in rows if r["colour"] == "green"]
assert green, "nobody is green"
for r in rows:
    assert (r["colour"] == "green") == (r["reasons"] == []), r

# The same rules again change nothing.
dry = json.load(open(f"{work}/dryrun.json"))
for k, n in dry["transitions"].items():
    a, b = k.split("->")
    assert a == b or n == 0, dry["transitions"]
assert sum(dry["transitions"].values()) == len(persons), dry["transitions"]
assert dry["samples"] == [], dry["samples"]
print(f"colours: {colours['green']} green, {colours['yellow']} yellow, {colours['red']} red of {len(persons)}; "
      f"{len(cases)} cases, {len(close)} close contacts, all red")
PY

# Malformed rule sets: refused with exit 2 and a one-line message naming the rule and the problem.
python3 - "$src/rules/default.json" "$work" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["version"] = "acceptance-bad"
doc["rules"].append({"id": "x", "colour": "purple", "when": True, "reason": "x"})
json.dump(doc, open(f"{sys.argv[2]}/bad-colour.json", "w"))
doc["rules"][-1] = {"id": "y", "colour": "red", "when": {"==": [{"var": "case.status"}]}, "reason": "y"}
json.dump(doc, open(f"{sys.argv[2]}/bad-logic.json", "w"))
doc["rules"].pop()
doc["version"] = "acceptance-2"
for r in doc["rules"]:
    if r["id"] == "fever-or-symptoms-today":
        r["colour"] = "red"
json.dump(doc, open(f"{sys.argv[2]}/fever-red.json", "w"))
PY
refused() {  # refused NAME WANT_IN_MESSAGE -- command...
  local name="$1" want="$2" status
  shift 3
  set +e
  "$@" > "$work/out" 2> "$work/err"
  status=$?
  set -e
  if [ "$status" != 2 ] || ! grep -qF -- "$want" "$work/err" || [ "$(wc -l < "$work/err")" != 1 ]; then
    echo "FAIL $name: status $status (want 2), stderr [$(cat "$work/err")] (want one line with [$want])"
    fail=1
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}
refused "colours, unknown colour" 'rule "x": unknown colour "purple"' -- \
  "$bin" colours --store "$work/store" --rules "$work/bad-colour.json" --json
refused "dryrun, unknown colour" 'rule "x": unknown colour "purple"' -- \
  "$bin" rules dryrun "$work/bad-colour.json" --store "$work/store"
refused "colours, bad logic" 'rule "y": ' -- \
  "$bin" colours --store "$work/store" --rules "$work/bad-logic.json"
grep -qF 'takes 2 arguments' "$work/err" || { echo "FAIL bad logic message: $(cat "$work/err")"; fail=1; }
refused "dryrun, bad logic" 'rule "y": ' -- \
  "$bin" rules dryrun "$work/bad-logic.json" --store "$work/store" --json
grep -qF 'takes 2 arguments' "$work/err" || { echo "FAIL bad logic message: $(cat "$work/err")"; fail=1; }
refused "publish, unknown colour" 'rule "x": unknown colour "purple"' -- \
  "$bin" rules publish "$work/bad-colour.json" --store "$work/store"

# A refused rule set changed nothing: the stored colours are still the default rule set's.
"$bin" export --store "$work/store" --what colours --out "$work/colours-after-bad.csv" > /dev/null
cmp -s "$work/colours.csv" "$work/colours-after-bad.csv" || { echo "FAIL: a refused rule set changed the colours"; fail=1; }

# Publish, then colours (without --rules) uses the published version.
"$bin" rules dryrun "$work/fever-red.json" --store "$work/store" --json > "$work/dryrun2.json"
"$bin" rules publish "$work/fever-red.json" --store "$work/store" > /dev/null
"$bin" colours --store "$work/store" --json > "$work/colours2.json"
"$bin" export --store "$work/store" --what colours --out "$work/colours2.csv" > /dev/null
python3 - "$work" <<'PY' || fail=1
import csv, json, sys
work = sys.argv[1]
before = json.load(open(f"{work}/colours.json"))
after = json.load(open(f"{work}/colours2.json"))
dry = json.load(open(f"{work}/dryrun2.json"))
assert after["ruleset"] == "acceptance-2", after
assert dry["ruleset"] == "acceptance-2", dry["ruleset"]
rows = list(csv.DictReader(open(f"{work}/colours2.csv")))
assert all(r["ruleset"] == "acceptance-2" for r in rows)
# Raising one rule to red only moves people up, and the dry run predicted the run.
assert after["red"] >= before["red"], (before, after)
t = dry["transitions"]
assert after["red"] == t["green->red"] + t["yellow->red"] + t["red->red"], (t, after)
assert after["green"] == t["green->green"], (t, after)
old = {r["person"]: r["colour"] for r in csv.DictReader(open(f"{work}/colours.csv"))}
for s in dry["samples"]:
    assert s["to"] == "red" and any(x.startswith("Declared fever or symptoms today") for x in s["reasons"]), s
    assert old[s["person"]] == s["from"], s
print(f"published acceptance-2: red {before['red']} -> {after['red']}")
PY
exit $fail
