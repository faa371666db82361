#!/usr/bin/env node
// Differential test, generator half: builds random JsonLogic expressions and
// data from a fixed seed, evaluates each with the reference json-logic-js
// 2.0.5, and writes one JSON object per line:
//   {"logic": …, "data": …, "expected": <JSON.stringify of the result, parsed>}
// or {"logic": …, "data": …, "error": "<message>"} when json-logic-js throws.
// The C++ half (check.cc) evaluates the same cases with our engine.
//
// usage: node gen.js [--seed N] [--count N] [--out FILE]
'use strict';

const fs = require('fs');
const path = require('path');
const jsonLogic = require('json-logic-js');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
const seed = Number(option('--seed', '20261126'));
const count = Number(option('--count', '5000'));
const out = option('--out', path.join(require('os').tmpdir(), 'onecode-rules-cases.jsonl'));

// mulberry32: a small deterministic generator (the same stream everywhere).
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => random() < p;

// ---- data

const KEYS = ['a', 'b', 'c', 'x', 'y', 'n', 's', 'list', 'obj', 'flag', 'temp', 'status'];
const STRINGS = ['', '0', '1', '2.5', ' 3 ', '-4', '1e3', '0x10', 'abc', 'apple', 'true', 'null', 'a.b',
                 '10', '9', 'confirmed', 'Spring', 'Springfield', '健康码', 'ab,c', '  ', '.5', '5.', 'Infinity',
                 '-0', '1e-7', '\t5\n', 'obj.a', 'list.0', '+2', '1,2'];
const NUMBERS = [0, 1, -1, 2, 3, 7, 10, 14, 0.5, -2.5, 1.5, 100, 1e21, 1e-7, 123.456, 48, 24, -0.1];

function scalar() {
  switch (int(5)) {
    case 0: return pick(NUMBERS);
    case 1: return pick(STRINGS);
    case 2: return chance(0.5);
    case 3: return null;
    default: return int(20) - 5;
  }
}

function dataValue(depth) {
  const r = random();
  if (depth <= 0 || r < 0.6) return scalar();
  if (r < 0.8) {
    const n = int(4);
    const a = [];
    for (let i = 0; i < n; i++) a.push(dataValue(depth - 1));
    return a;
  }
  return dataObject(depth - 1);
}

function dataObject(depth) {
  const o = {};
  const n = 1 + int(5);
  for (let i = 0; i < n; i++) o[pick(KEYS)] = dataValue(depth);
  return o;
}

function data() {
  const r = random();
  if (r < 0.85) return dataObject(2);
  if (r < 0.93) {
    const a = [];
    for (let i = 0; i < 1 + int(4); i++) a.push(dataValue(1));
    return a;
  }
  return scalar();
}

// ---- logic

const VAR_PATHS = ['a', 'b', 'c', 'x', 'n', 's', 'list', 'obj', 'flag', 'temp', 'status', 'a.b', 'obj.a',
                   'obj.x.y', 'list.0', 'list.1', 'list.length', 's.length', 's.0', 'missing', '', 0, 1,
                   'current', 'accumulator', 'current.a', 'obj.list.0'];

function literal() {
  if (chance(0.15)) {
    const a = [];
    for (let i = 0; i < int(4); i++) a.push(scalar());
    return a;
  }
  return scalar();
}

function variable(depth) {
  if (depth > 0 && chance(0.1)) return {var: chance(0.5) ? [expr(depth - 1)] : [expr(depth - 1), literal()]};
  const p = pick(VAR_PATHS);
  if (chance(0.2)) return {var: [p, literal()]};
  if (chance(0.3)) return {var: [p]};
  return {var: p};
}

// [name, min, max] as our compiler accepts them (log excluded: it writes).
const OPS = [
  ['==', 2, 2], ['===', 2, 2], ['!=', 2, 2], ['!==', 2, 2], ['<', 2, 3], ['<=', 2, 3], ['>', 2, 2], ['>=', 2, 2],
  ['!', 1, 1], ['!!', 1, 1], ['%', 2, 2], ['/', 2, 2], ['-', 1, 2], ['+', 0, 4], ['*', 1, 3], ['min', 1, 3],
  ['max', 1, 3], ['cat', 0, 4], ['merge', 0, 3], ['missing', 0, 3], ['missing_some', 2, 2], ['substr', 2, 3],
  ['in', 2, 2], ['if', 0, 5], ['?:', 3, 3], ['and', 1, 3], ['or', 1, 3],
  ['map', 2, 2], ['filter', 2, 2], ['reduce', 2, 3], ['all', 2, 2], ['some', 2, 2], ['none', 2, 2],
];

function expr(depth) {
  const r = random();
  if (depth <= 0 || r < 0.25) return chance(0.5) ? literal() : variable(depth);
  if (r < 0.3) return variable(depth);
  const [op, min, max] = pick(OPS);
  const n = min + int(max - min + 1);
  const values = [];
  for (let i = 0; i < n; i++) values.push(expr(depth - 1));
  if (op === 'missing_some') values[1] = chance(0.7) ? [pick(VAR_PATHS), pick(VAR_PATHS)] : values[1];
  if (op === 'in' && chance(0.5)) values[1] = chance(0.5) ? [scalar(), scalar(), values[0]] : pick(STRINGS);
  if (['map', 'filter', 'all', 'some', 'none', 'reduce'].includes(op) && chance(0.6)) values[0] = {var: pick(['list', 'obj.list', 'a', 'x'])};
  // The unary shorthand, sometimes: {"!": x} instead of {"!": [x]}.
  if (n === 1 && chance(0.3) && !Array.isArray(values[0])) return {[op]: values[0]};
  return {[op]: values};
}

// ---- run

const lines = [];
let errors = 0;
for (let i = 0; i < count; i++) {
  const logic = expr(1 + int(4));
  const d = data();
  let line;
  try {
    const result = jsonLogic.apply(logic, d);
    const text = JSON.stringify(result);
    if (text === undefined) {
      line = {logic, data: d, undefined: true};
    } else {
      line = {logic, data: d, expected: JSON.parse(text)};
    }
  } catch (e) {
    errors++;
    line = {logic, data: d, error: String(e && e.message)};
  }
  lines.push(JSON.stringify(line));
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`gen.js: ${count} cases (seed ${seed}), ${errors} where json-logic-js throws, written to ${out}`);
