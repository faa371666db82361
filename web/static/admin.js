// The officials' page: overview, cases, risk areas, appeals, rules (slots), feeds.
'use strict';
(function () {
  const OC = window.OC;
  let session = null;
  let overview = null;

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

  function loadAll() { loadOverview(); loadCases(); loadRisk(); loadAppeals(); }

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

  document.addEventListener('oc-lang', () => { renderOverview(); if (session) { loadCases(); loadRisk(); loadAppeals(); } });
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
    for (const [id, path] of [['dryrun', '/api/v1/rules/dryrun'], ['publish', '/api/v1/rules/publish']]) {
      document.getElementById(id).addEventListener('click', async () => {
        const r = await OC.api('POST', path, {});
        OC.say(document.getElementById('rules-status'),
          r.status === 501 ? OC.t('common.not_available') : OC.errorText(r), r.status === 200 ? 'ok' : 'error');
      });
    }
  });
})();
