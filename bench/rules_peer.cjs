#!/usr/bin/env node
// The json-logic-js 2.0.5 peer of bench/rules_bench.cc: the same rule set over
// the same facts (JSON Lines written by onecode_rules_bench --write-facts),
// single thread. Facts are parsed before timing. Prints one JSON object with
// rule evaluations per second and the colour counts.
// usage: node bench/rules_peer.cjs RULES.json FACTS.jsonl [REPEATS]
'use strict';
const fs = require('fs');
const path = require('path');
const jsonLogic = require(path.join(__dirname, '..', 'tests', 'rules_diff', 'node_modules', 'json-logic-js'));

const [rulesFile, factsFile, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || '1');
const set = JSON.parse(fs.readFileSync(rulesFile, 'utf8'));
const rules = set.rules.map((r) => ({when: r.when, severity: {green: 0, yellow: 1, red: 2}[r.colour]}));
const people = fs.readFileSync(factsFile, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));

let best = Infinity;
let counts;
let hash = 0;
for (let r = 0; r < repeats; r++) {
  const c = [0, 0, 0];
  let h = 0;
  const t0 = process.hrtime.bigint();
  for (const facts of people) {
    let severity = 0;
    for (const rule of rules) {
      if (jsonLogic.truthy(jsonLogic.apply(rule.when, facts)) && rule.severity > severity) severity = rule.severity;
    }
    c[severity]++;
    h = (Math.imul(h, 31) + severity) >>> 0;
  }
  hash = h;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (seconds < best) best = seconds;
  counts = c;
}
const evals = people.length * rules.length;
console.log(JSON.stringify({engine: 'json-logic-js 2.0.5', node: process.version, persons: people.length,
  rules: rules.length, rule_evaluations: evals, seconds: Number(best.toFixed(4)),
  evals_per_second: Math.round(evals / best), green: counts[0], yellow: counts[1], red: counts[2], colour_hash: hash}));
