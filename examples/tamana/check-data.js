#!/usr/bin/env node
/*
 * Validates the Tamana example data (plan.json, sheets-2022.json, sheets-2023.json, golden.json).
 * Plain Node, no dependencies:  node examples/tamana/check-data.js
 */
'use strict';
const fs = require('fs');
const path = require('path');

const dir = __dirname;
const load = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

const errors = [];
const check = (cond, msg) => {
  if (!cond) errors.push(msg);
};
const nonEmpty = (s) => typeof s === 'string' && s.trim().length > 0;

const YEARS = ['2022', '2023', '2024', '2025', '2026'];
const RATINGS = ['S', 'A', 'B', 'C', '-'];

const plan = load('plan.json');
const golden = load('golden.json');

// ---------- plan ----------
check(plan.municipality === '玉名市', 'plan.municipality');
check(plan.period && plan.period.from === 2022 && plan.period.to === 2026, 'plan.period must be 2022-2026');
check(Array.isArray(plan.levels) && plan.levels.length === 3, 'plan.levels must have 3 levels');

const groupTitles = new Map(); // level-1 title -> Set(level-2 titles)
for (const g of plan.groups) {
  check(nonEmpty(g.code) && nonEmpty(g.title), `group ${JSON.stringify(g.code)} needs code and title`);
  for (const s of g.groups || []) check(nonEmpty(s.code) && nonEmpty(s.title), `subgroup ${JSON.stringify(s.code)} of ${g.code} needs code and title`);
  groupTitles.set(g.title, new Set((g.groups || []).map((s) => s.title)));
}

check(plan.items.length === 21, `expected 21 items, got ${plan.items.length}`);
const items = new Map();
for (const it of plan.items) {
  check(!items.has(it.id), `duplicate item id ${it.id}`);
  items.set(it.id, it);
  check(/^[0-9]+(-[0-9]+)?$/.test(it.id), `item id not URL-safe: ${it.id}`);
  check(nonEmpty(it.label) && nonEmpty(it.title), `item ${it.id}: label/title`);
  check(Array.isArray(it.path) && it.path.length === 2, `item ${it.id}: path must have 2 entries`);
  const subs = groupTitles.get(it.path[0]);
  check(!!subs, `item ${it.id}: unknown level-1 group "${it.path[0]}"`);
  check(!!subs && subs.has(it.path[1]), `item ${it.id}: unknown level-2 group "${it.path[1]}"`);
  check(Array.isArray(it.departments) && it.departments.length > 0, `item ${it.id}: departments`);
  for (const k of ['situation', 'content', 'effect']) check(nonEmpty(it[k]), `item ${it.id}: ${k} empty`);
  check(Array.isArray(it.activities) && it.activities.length > 0, `item ${it.id}: activities`);
  for (const a of it.activities || []) {
    check(nonEmpty(a.name), `item ${it.id}: activity without name`);
    const ys = Object.keys(a.schedule || {});
    check(ys.length > 0, `item ${it.id}: activity "${a.name}" has empty schedule`);
    for (const y of ys) {
      check(YEARS.includes(y), `item ${it.id}: activity "${a.name}" schedule year ${y} outside 2022-2026`);
      check(nonEmpty(a.schedule[y]), `item ${it.id}: activity "${a.name}" schedule ${y} empty`);
    }
  }
  for (const g of it.glossary || []) check(nonEmpty(g.term) && nonEmpty(g.description), `item ${it.id}: glossary entry`);
}
const expectedIds = ['1', '2', '3-1', '3-2', ...Array.from({ length: 17 }, (_, i) => String(i + 4))];
check(
  JSON.stringify(plan.items.map((i) => i.id)) === JSON.stringify(expectedIds),
  `item ids must be ${expectedIds.join(',')}`,
);

// ---------- indicators ----------
const indicators = new Map();
for (const ind of plan.indicators) {
  check(!indicators.has(ind.id), `duplicate indicator id ${ind.id}`);
  indicators.set(ind.id, ind);
  check(items.has(ind.itemId), `indicator ${ind.id}: unknown itemId ${ind.itemId}`);
  check(nonEmpty(ind.name) && nonEmpty(ind.unit), `indicator ${ind.id}: name/unit`);
  check(ind.direction === 'higher' || ind.direction === 'lower', `indicator ${ind.id}: direction`);
  for (const [y, v] of Object.entries(ind.targets || {})) {
    check(YEARS.includes(y), `indicator ${ind.id}: target year ${y} outside 2022-2026`);
    check(typeof v === 'number' || nonEmpty(v), `indicator ${ind.id}: target ${y} must be a number or text`);
    check(!(typeof v === 'string' && /^[0-9,.]+%?$/.test(v)), `indicator ${ind.id}: numeric target ${y} stored as string`);
  }
  if (ind.target !== undefined) {
    check(ind.targets && ind.targets['2026'] === ind.target, `indicator ${ind.id}: target must equal the 2026 target`);
  } else {
    check(!ind.targets || ind.targets['2026'] === undefined, `indicator ${ind.id}: has a 2026 target but no target`);
  }
}

// ---------- sheets ----------
const impl = { S: 'done', A: 'done', B: 'partial', C: 'notDone' };
const sheetsByYear = {};
for (const fy of ['2022', '2023']) {
  const sheets = load(`sheets-${fy}.json`);
  sheetsByYear[fy] = new Map();
  check(YEARS.includes(fy), `sheet year ${fy} outside 2022-2026`);
  check(sheets.length === 21, `sheets-${fy}: expected 21 sheets, got ${sheets.length}`);
  for (const s of sheets) {
    const where = `sheets-${fy} item ${s.itemId}`;
    check(!sheetsByYear[fy].has(s.itemId), `${where}: duplicate sheet`);
    sheetsByYear[fy].set(s.itemId, s);
    const it = items.get(s.itemId);
    check(!!it, `${where}: unknown itemId`);
    if (!it) continue;
    check(it.departments.includes(s.department), `${where}: department ${s.department} not one of the item's`);
    check(RATINGS.includes(s.progress), `${where}: progress ${s.progress}`);
    check(RATINGS.includes(s.achievement), `${where}: achievement ${s.achievement}`);
    check(nonEmpty(s.activities), `${where}: activities empty`);
    const reasons = s.reasons || {};
    const measures = s.measures || {};
    for (const kind of ['progress', 'achievement']) {
      const r = s[kind];
      if (r === 'S' || r === 'B' || r === 'C') check(nonEmpty(reasons[kind]), `${where}: ${kind} ${r} needs reasons.${kind}`);
      if (r === 'B' || r === 'C') check(nonEmpty(measures[kind]), `${where}: ${kind} ${r} needs measures.${kind}`);
    }
    for (const [k, v] of Object.entries(s.actuals || {})) {
      const ind = indicators.get(k);
      check(!!ind, `${where}: actual for unknown indicator ${k}`);
      check(!!ind && ind.itemId === s.itemId, `${where}: actual ${k} belongs to another item`);
      check(typeof v === 'number' || nonEmpty(v), `${where}: actual ${k} must be a number or text`);
      check(!(typeof v === 'string' && /^[0-9,.]+%?$/.test(v)), `${where}: numeric actual ${k} stored as string`);
    }
    // implementation rule: S/A -> done, B -> partial, C -> notDone, "-" -> omitted
    check(s.implementation === impl[s.progress], `${where}: implementation ${s.implementation} does not follow the rule for progress ${s.progress}`);
    if (fy === '2023') {
      check(s.nextYear && nonEmpty(s.nextYear.issues) && nonEmpty(s.nextYear.plan), `${where}: nextYear.issues/plan`);
    }
    for (const t of [s.activities, s.effects, s.nextYear && s.nextYear.issues, s.nextYear && s.nextYear.plan]) {
      if (typeof t === 'string') check(t.length <= 800 || t.endsWith('（略）'), `${where}: text over 800 chars not abridged`);
    }
  }
  for (const id of items.keys()) check(sheetsByYear[fy].has(id), `sheets-${fy}: no sheet for item ${id}`);
}

// ---------- golden facts agree with the data ----------
for (const [id, g] of Object.entries(golden.items)) {
  const it = items.get(id);
  check(!!it, `golden: unknown item ${id}`);
  if (!it) continue;
  check(JSON.stringify(it.departments) === JSON.stringify(g.departments), `golden ${id}: departments`);
  check(JSON.stringify(it.path) === JSON.stringify(g.path), `golden ${id}: path`);
  for (const fy of ['2022', '2023']) {
    const s = sheetsByYear[fy].get(id);
    check(s.progress === g.ratings[fy].progress, `golden ${id} ${fy}: progress ${s.progress} != ${g.ratings[fy].progress}`);
    check(s.achievement === g.ratings[fy].achievement, `golden ${id} ${fy}: achievement`);
  }
  for (const [indId, gi] of Object.entries(g.indicators)) {
    const ind = indicators.get(indId);
    check(!!ind, `golden ${id}: unknown indicator ${indId}`);
    if (!ind) continue;
    check(ind.direction === gi.direction && ind.unit === gi.unit && ind.name === gi.name, `golden ${indId}: name/unit/direction`);
    check(JSON.stringify(ind.targets) === JSON.stringify(gi.targets), `golden ${indId}: targets`);
    for (const fy of ['2022', '2023']) {
      const a = sheetsByYear[fy].get(id).actuals[indId];
      check(a === gi.actuals[fy], `golden ${indId} ${fy}: actual ${a} != ${gi.actuals[fy]}`);
    }
  }
}
for (const fy of ['2022', '2023']) {
  for (const [id, [p, a]] of Object.entries(golden.ratingsAllItems[fy])) {
    const s = sheetsByYear[fy].get(id);
    check(s && s.progress === p && s.achievement === a, `golden ratingsAllItems ${fy} ${id}`);
  }
}
check(golden.counts.items === plan.items.length, 'golden counts.items');
check(golden.counts.indicators === plan.indicators.length, 'golden counts.indicators');

// ---------- report ----------
if (errors.length) {
  console.error(`check-data: ${errors.length} problem(s)`);
  for (const e of errors) console.error(' - ' + e);
  process.exit(1);
}
const lower = plan.indicators.filter((i) => i.direction === 'lower').length;
const textValued = plan.indicators.filter((i) =>
  ['2022', '2023'].some((fy) => typeof (sheetsByYear[fy].get(i.itemId).actuals || {})[i.id] === 'string'),
).length;
console.log(
  `check-data: OK — ${plan.items.length} items, ${plan.indicators.length} indicators ` +
    `(${lower} lower-is-better, ${textValued} text-valued), 2 × ${plan.items.length} sheets`,
);
