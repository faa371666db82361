// The officials' page: overview with the per-day colour chart (from
// /api/v1/colours/history), trace and colours runs, cases, risk areas,
// appeals, the active rule set, the rule editor (dry run, then publish and a
// colours run), feeds.
'use strict';
(function () {
  const OC = window.OC;
  let session = null;
  let overview = null;
  let history = null;       // /api/v1/colours/history
  let activeRules = null;   // /api/v1/rules/active
  let dryRun = null;        // last dry run's JSON
  let dryRunText = null;    // the exact editor text it ran on
  const COLOURS = ['green', 'yellow', 'red'];
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k]));

  // Grouped bars: one group per day, one bar per colour, counts above bars.
  function renderHistory() {
    if (!history) return;
    const days = history.days;
    const chart = document.getElementById('history-chart');
    const body = document.querySelector('#history-table tbody');
    chart.replaceChildren();
    body.replaceChildren();
    document.getElementById('history-caption').textContent = days.length ? OC.t('admin.chart_caption') : OC.t('admin.no_history');
    for (const d of days) {
      const tr = OC.el('tr', { 'data-date': d.date });
      tr.appendChild(OC.el('th', { scope: 'row' }, d.date));
      for (const c of COLOURS) tr.appendChild(OC.el('td', { 'data-colour': c }, String(d[c])));
      tr.appendChild(OC.el('td', {}, d.ruleset || ''));
      body.appendChild(tr);
    }
    if (!days.length) return;
    const shown = days.slice(-14);
    const max = Math.max(1, ...shown.flatMap((d) => COLOURS.map((c) => d[c])));
    const barW = 18, gap = 4, groupGap = 22, top = 22, plotH = 150, left = 8;
    const groupW = 3 * barW + 2 * gap;
    const width = left * 2 + shown.length * groupW + (shown.length - 1) * groupGap;
    const height = top + plotH + 34;
    const label = OC.t('admin.chart_label') + shown.map((d) => d.date + ' ' +
      COLOURS.map((c) => OC.t('colour.' + c) + ' ' + d[c]).join(', ')).join('; ');
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label,
      class: 'chart' });
    root.appendChild(svg('title', {}, label));
    root.appendChild(svg('line', { x1: 0, x2: width, y1: top + plotH, y2: top + plotH, class: 'axis' }));
    shown.forEach((d, i) => {
      const x0 = left + i * (groupW + groupGap);
      COLOURS.forEach((c, j) => {
        const h = Math.max(1, Math.round((plotH * d[c]) / max));
        const x = x0 + j * (barW + gap);
        const bar = svg('rect', { x, y: top + plotH - h, width: barW, height: h, class: 'bar-' + c,
          'data-date': d.date, 'data-colour': c, 'data-count': d[c] });
        bar.appendChild(svg('title', {}, d.date + ' ' + OC.t('colour.' + c) + ' ' + d[c]));
        root.appendChild(bar);
        root.appendChild(svg('text', { x: x + barW / 2, y: top + plotH - h - 4, class: 'n', 'text-anchor': 'middle' }, d[c]));
      });
      root.appendChild(svg('text', { x: x0 + groupW / 2, y: top + plotH + 20, 'text-anchor': 'middle', class: 'date' },
        d.date.slice(5)));
    });
    chart.appendChild(root);
  }

  async function loadHistory() {
    const r = await OC.api('GET', '/api/v1/colours/history');
    if (r.status === 200) { history = r.data; renderHistory(); }
    else OC.say(document.getElementById('ov-status'), OC.errorText(r), 'error');
  }

  function renderActiveRules() {
    if (!activeRules) return;
    document.getElementById('active-version').textContent = OC.t('admin.version') + ' ' + activeRules.version +
      ' · ' + OC.t('admin.author') + ' ' + activeRules.author;
    const list = document.getElementById('active-rules');
    list.replaceChildren();
    for (const rule of activeRules.rules) {
      const li = OC.el('li', { 'data-rule': rule.id });
      li.appendChild(OC.el('span', { class: 'tag colour-' + rule.colour }, OC.t('colour.' + rule.colour)));
      li.appendChild(OC.el('strong', {}, ' ' + rule.id + ' '));
      li.appendChild(OC.el('span', {}, rule.reason));
      li.appendChild(OC.el('p', { class: 'hint' }, OC.t('admin.source') + '：' + rule.source));
      list.appendChild(li);
    }
  }

  async function loadRules(fillEditor) {
    const r = await OC.api('GET', '/api/v1/rules/active');
    if (r.status === 200) { activeRules = r.data; renderActiveRules(); }
    if (!fillEditor) return;
    const d = await OC.api('GET', '/api/v1/rules/active/document');
    if (d.status === 200) {
      document.getElementById('rules-text').value = JSON.stringify(d.data.document, null, 2);
      updatePublish();
    }
  }

  function updatePublish() {
    const same = dryRun !== null && document.getElementById('rules-text').value === dryRunText;
    const b = document.getElementById('publish');
    b.disabled = !same || session.role !== 'official';
  }

  function renderDryRun() {
    if (!dryRun) return;
    document.getElementById('dryrun-result').classList.remove('hidden');
    const body = document.querySelector('#matrix tbody');
    body.replaceChildren();
    for (const from of COLOURS) {
      const tr = OC.el('tr', { 'data-from': from });
      tr.appendChild(OC.el('th', { scope: 'row' }, OC.t('colour.' + from)));
      for (const to of COLOURS) {
        const n = dryRun.transitions[from + '->' + to];
        tr.appendChild(OC.el('td', { 'data-to': to, class: from === to ? 'same' : (n ? 'changed' : '') }, String(n)));
      }
      body.appendChild(tr);
    }
    const samples = document.querySelector('#samples tbody');
    samples.replaceChildren();
    for (const s of dryRun.samples) {
      const tr = OC.el('tr', { 'data-person': s.person });
      tr.appendChild(OC.el('td', {}, s.person));
      tr.appendChild(OC.el('td', {}, OC.t('colour.' + s.from) + ' → ' + OC.t('colour.' + s.to)));
      tr.appendChild(OC.el('td', {}, s.reasons.join('；')));
      samples.appendChild(tr);
    }
  }

  function rulesBody(out) {
    const text = document.getElementById('rules-text').value;
    try { return { text, body: { rules: JSON.parse(text) } }; }
    catch (e) { OC.say(out, OC.t('admin.bad_json') + e.message, 'error'); return null; }
  }

  async function doDryRun() {
    const out = document.getElementById('rules-status');
    const req = rulesBody(out);
    if (!req) return;
    OC.say(out, OC.t('admin.running'));
    const r = await OC.api('POST', '/api/v1/rules/dryrun', req.body);
    if (r.status !== 200) { OC.say(out, OC.errorText(r), 'error'); return; }
    dryRun = r.data;
    dryRunText = req.text;
    let changed = 0;
    for (const a of COLOURS) for (const b of COLOURS) if (a !== b) changed += dryRun.transitions[a + '->' + b];
    OC.say(out, fmt(OC.t('admin.dryrun_done'), { n: changed }), 'ok');
    renderDryRun();
    updatePublish();
  }

  async function doPublish() {
    const out = document.getElementById('rules-status');
    if (document.getElementById('rules-text').value !== dryRunText) {
      OC.say(out, OC.t('admin.publish_needs_dryrun'), 'error'); updatePublish(); return;
    }
    const req = rulesBody(out);
    if (!req) return;
    document.getElementById('publish').disabled = true;
    const r = await OC.api('POST', '/api/v1/rules/publish', req.body);
    if (r.status !== 200) { OC.say(out, OC.errorText(r), 'error'); updatePublish(); return; }
    const v = r.data.published;
    OC.say(out, fmt(OC.t('admin.published'), { v }));
    dryRun = null; dryRunText = null;
    await loadRules(false);
    const ok = await runStage('colours');
    if (ok) OC.say(out, fmt(OC.t('admin.published_run'), { v }), 'ok');
    updatePublish();
  }

  const RUN_FIELDS = {
    trace: [['cases', 'admin.r.cases'], ['traced', 'admin.r.traced'], ['unchanged', 'admin.r.unchanged'],
      ['edges', 'admin.r.edges'], ['seconds', 'admin.r.seconds']],
    colours: [['green', 'colour.green'], ['yellow', 'colour.yellow'], ['red', 'colour.red'],
      ['ruleset', 'admin.r.ruleset'], ['seconds', 'admin.r.seconds']],
  };

  // POSTs /api/v1/{trace,colours}/run, shows the result, refreshes the overview.
  async function runStage(stage) {
    const out = document.getElementById('run-status');
    const buttons = [document.getElementById('run-trace'), document.getElementById('run-colours')];
    buttons.forEach((b) => { b.disabled = true; });
    OC.say(out, OC.t('admin.running'));
    const r = await OC.api('POST', '/api/v1/' + stage + '/run', {});
    buttons.forEach((b) => { b.disabled = false; });
    const dl = document.getElementById('run-result');
    dl.replaceChildren();
    if (r.status !== 200) { OC.say(out, OC.errorText(r), 'error'); return false; }
    dl.dataset.stage = stage;
    for (const [field, key] of RUN_FIELDS[stage]) {
      let v = r.data[field];
      if (v && typeof v === 'object') v = Object.entries(v).map(([k, n]) => k + ' ' + n).join(', ');
      dl.appendChild(OC.el('dt', {}, OC.t(key)));
      dl.appendChild(OC.el('dd', { 'data-field': field }, String(v)));
    }
    await Promise.all([loadOverview(), loadHistory()]);
    OC.say(out, OC.t(stage === 'trace' ? 'admin.trace_done' : 'admin.colours_done'), 'ok');
    return true;
  }

  function renderOverview() {
    if (!overview) return;
    const counts = document.getElementById('counts');
    counts.replaceChildren();
    const items = [
      ['green', OC.t('colour.green'), overview.colours.green || 0],
      ['yellow', OC.t('colour.yellow'), overview.colours.yellow || 0],
      ['red', OC.t('colour.red'), overview.colours.red || 0],
      ['none', OC.t('admin.without'), overview.without_colour],
    ];
    for (const [cls, label, n] of items) {
      const box = OC.el('div', { class: 'count ' + cls, 'data-colour': cls });
      box.appendChild(OC.el('span', { class: 'n' }, String(n)));
      box.appendChild(OC.el('span', {}, label));
      counts.appendChild(box);
    }
    const bars = document.getElementById('bars');
    bars.replaceChildren();
    const total = Math.max(1, overview.persons);
    for (const [cls, label, n] of items) {
      const row = OC.el('div', { class: 'bar-row' });
      const bar = OC.el('div', { class: 'bar count ' + cls });
      bar.style.width = Math.max(0.5, (100 * n) / total) + '%';
      row.appendChild(bar);
      row.appendChild(OC.el('span', {}, label + ' ' + (100 * n / total).toFixed(1) + '%'));
      bars.appendChild(row);
    }
  }

  async function loadOverview() {
    const r = await OC.api('GET', '/api/v1/overview');
    if (r.status === 200) { overview = r.data; renderOverview(); }
    else OC.say(document.getElementById('ov-status'), OC.errorText(r), 'error');
  }

  async function loadCases() {
    const r = await OC.api('GET', '/api/v1/cases');
    const body = document.querySelector('#cases tbody');
    body.replaceChildren();
    if (r.status !== 200) return;
    for (const c of r.data.cases) {
      const tr = OC.el('tr');
      tr.appendChild(OC.el('td', {}, c.case));
      tr.appendChild(OC.el('td', {}, c.person));
      tr.appendChild(OC.el('td', {}, OC.t('status.' + c.status)));
      tr.appendChild(OC.el('td', {}, c.region));
      const td = OC.el('td');
      if (c.status !== 'cleared' && session.role === 'official') {
        const b = OC.el('button', { type: 'button', class: 'secondary' }, OC.t('admin.clear'));
        b.setAttribute('aria-label', OC.t('admin.clear') + ' ' + c.case);
        b.addEventListener('click', async () => {
          await OC.api('POST', '/api/v1/cases/' + encodeURIComponent(c.case) + '/clear');
          loadCases(); loadOverview();
        });
        td.appendChild(b);
      }
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  async function loadRisk() {
    const r = await OC.api('GET', '/api/v1/risk-areas');
    const body = document.querySelector('#risk tbody');
    body.replaceChildren();
    if (r.status !== 200) return;
    for (const a of r.data.risk_areas) {
      const tr = OC.el('tr');
      tr.appendChild(OC.el('td', {}, a.region));
      tr.appendChild(OC.el('td', { class: 'risk-' + a.level }, OC.t('risk.' + a.level) + (a.active ? ' (' + OC.t('admin.active') + ')' : '')));
      tr.appendChild(OC.el('td', {}, OC.localTime(a.from)));
      tr.appendChild(OC.el('td', {}, OC.localTime(a.to)));
      body.appendChild(tr);
    }
  }

  async function loadAppeals() {
    const r = await OC.api('GET', '/api/v1/appeals');
    const box = document.getElementById('appeals');
    box.replaceChildren();
    if (r.status !== 200) return;
    if (r.data.appeals.length === 0) box.appendChild(OC.el('p', { class: 'hint' }, OC.t('admin.none')));
    for (const a of r.data.appeals) {
      const item = OC.el('div', { class: 'panel' });
      item.appendChild(OC.el('p', {}, OC.localTime(a.filed_at) + ' · ' + a.person + ' · ' + OC.t('status.' + a.status)));
      item.appendChild(OC.el('p', {}, a.text));
      if (a.status === 'open' && session.role === 'official') {
        const id = 'res-' + a.id;
        item.appendChild(OC.el('label', { for: id }, OC.t('admin.resolution')));
        const input = OC.el('input', { id, type: 'text' });
        item.appendChild(input);
        for (const [decision, key] of [['upheld', 'admin.uphold'], ['rejected', 'admin.reject']]) {
          const b = OC.el('button', { type: 'button', class: decision === 'upheld' ? '' : 'secondary' }, OC.t(key));
          b.addEventListener('click', async () => {
            await OC.api('POST', '/api/v1/appeals/' + encodeURIComponent(a.id) + '/resolve',
              { decision, resolution: input.value || OC.t(key) });
            loadAppeals();
          });
          item.appendChild(b);
        }
      } else if (a.resolution) {
        item.appendChild(OC.el('p', { class: 'hint' }, a.resolution));
      }
      box.appendChild(item);
    }
  }

  function loadAll() { loadOverview(); loadHistory(); loadCases(); loadRisk(); loadAppeals(); loadRules(true); }

  function formSubmit(id, statusId, build, path, after) {
    document.getElementById(id).addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const out = document.getElementById(statusId);
      OC.say(out, OC.t('common.loading'));
      const r = await OC.api('POST', path, build());
      if (r.status === 200 || r.status === 201) { OC.say(out, OC.t('common.saved'), 'ok'); after(r.data); }
      else OC.say(out, OC.errorText(r), 'error');
    });
  }

  document.addEventListener('oc-lang', () => {
    renderOverview(); renderHistory(); renderActiveRules(); renderDryRun();
    if (session) { loadCases(); loadRisk(); loadAppeals(); } });
  document.addEventListener('DOMContentLoaded', () => {
    OC.setupLogin({ user: 'login-user', password: 'login-password' }, ['official', 'auditor', 'admin'], (s) => {
      session = s;
      loadAll();
    });
    formSubmit('case-form', 'case-status-line', () => ({
      case: document.getElementById('case-id').value.trim(),
      person: document.getElementById('case-person').value.trim(),
      status: document.getElementById('case-status').value,
      region: document.getElementById('case-region').value.trim(),
    }), '/api/v1/cases', () => { loadCases(); loadOverview(); });
    formSubmit('risk-form', 'risk-status', () => {
      // datetime-local is China time on this page.
      const to = document.getElementById('risk-to').value;
      return {
        region: document.getElementById('risk-region').value.trim(),
        level: document.getElementById('risk-level').value,
        to: to.length === 16 ? to + ':00+08:00' : to,
      };
    }, '/api/v1/risk-areas', () => { loadRisk(); loadOverview(); });
    formSubmit('feeds-form', 'feeds-status', () => ({ dir: document.getElementById('feeds-dir').value.trim() }),
      '/api/v1/feeds/load', () => loadAll());
    document.getElementById('dryrun').addEventListener('click', doDryRun);
    document.getElementById('publish').addEventListener('click', doPublish);
    document.getElementById('rules-text').addEventListener('input', updatePublish);
    document.getElementById('run-trace').addEventListener('click', () => runStage('trace'));
    document.getElementById('run-colours').addEventListener('click', () => runStage('colours'));
  });
})();
