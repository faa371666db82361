// The citizen page: colour card, reasons, derived itinerary, declaration, appeal.
'use strict';
(function () {
  const OC = window.OC;
  let status = null;
  let itinerary = null;
  let code = null;         // the last /api/v1/me/code reply
  let codeOffset = 0;      // server clock minus this device's clock, seconds
  let codeTimer = null;
  let qrUrl = null;

  function renderStatus() {
    if (!status) return;
    const card = document.getElementById('colour-card');
    const colour = status.colour || 'none';
    card.className = 'card colour-' + colour;
    card.dataset.colour = colour;
    document.getElementById('colour-word').textContent = OC.t('colour.' + colour);
    document.getElementById('masked-name').textContent = status.masked_name;
    card.setAttribute('aria-label', OC.t('me.code') + ': ' + OC.t('colour.' + colour) + ', ' + status.masked_name);
    const list = document.getElementById('reasons');
    list.replaceChildren();
    const reasons = status.reasons || [];
    if (reasons.length === 0) list.appendChild(OC.el('li', {}, OC.t('me.no_reasons')));
    for (const text of reasons) list.appendChild(OC.el('li', {}, text));
    document.getElementById('ruleset').textContent = status.ruleset_version || '—';
    document.getElementById('computed-at').textContent = status.computed_at ? OC.localTime(status.computed_at) : '—';
  }

  function renderItinerary() {
    if (!itinerary) return;
    const body = document.querySelector('#itinerary tbody');
    body.replaceChildren();
    for (const day of itinerary.days) {
      const tr = OC.el('tr', { 'data-risk': day.risk });
      tr.appendChild(OC.el('td', {}, day.date));
      tr.appendChild(OC.el('td', {}, (day.city || '') + (day.name || day.region)));
      tr.appendChild(OC.el('td', {}, (day.minutes / 60).toFixed(1) + ' ' + OC.t('me.hours')));
      const mark = day.risk === 'low' ? '' : '⚠ ';
      tr.appendChild(OC.el('td', { class: 'risk-' + day.risk }, mark + OC.t('risk.' + day.risk)));
      body.appendChild(tr);
    }
    OC.say(document.getElementById('itinerary-status'), itinerary.days.length === 0 ? OC.t('me.it.none') : '');
  }

  function tick() {
    document.getElementById('clock').textContent = OC.localTime(new Date().toISOString(), true);
    renderCountdown();
  }

  // "valid for 4:12" under the QR, by the server's clock.
  function renderCountdown() {
    const el = document.getElementById('qr-countdown');
    if (!code) { el.textContent = ''; return; }
    const left = Math.max(0, Math.round(code.expires_unix - (Date.now() / 1000 + codeOffset)));
    el.textContent = OC.t('me.expires_in') + ' ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    el.dataset.secondsLeft = String(left);
  }

  // Fetches a fresh code and schedules the next one before this one expires.
  async function loadCode() {
    clearTimeout(codeTimer);
    const slot = document.getElementById('qr');
    const r = await OC.api('GET', '/api/v1/me/code');
    if (r.status !== 200) {
      code = null;
      slot.replaceChildren(OC.el('span', { id: 'qr-message', class: 'error' },
        OC.t('me.qr_unavailable') + (r.data && r.data.message ? r.data.message : 'HTTP ' + r.status)));
      renderCountdown();
      codeTimer = setTimeout(loadCode, 30000);  // keys may be initialised meanwhile
      return;
    }
    code = r.data;
    codeOffset = code.issued_unix - Date.now() / 1000;
    if (qrUrl) URL.revokeObjectURL(qrUrl);
    qrUrl = URL.createObjectURL(new Blob([code.qr_svg], { type: 'image/svg+xml' }));
    const img = OC.el('img', { id: 'qr-image', src: qrUrl, alt: OC.t('me.qr_alt') + ' ' + OC.t('colour.' + code.colour) });
    img.dataset.token = code.token;
    img.dataset.expires = code.expires;
    slot.replaceChildren(img);
    renderCountdown();
    codeTimer = setTimeout(loadCode, Math.max(5, code.refresh_after) * 1000);
  }

  async function load() {
    const s = await OC.api('GET', '/api/v1/me/status');
    if (s.status === 200) { status = s.data; renderStatus(); }
    if (s.status === 200 && status.colour) loadCode();
    else document.getElementById('qr').replaceChildren(OC.el('span', { id: 'qr-message' }, OC.t('me.qr_none')));
    const it = await OC.api('GET', '/api/v1/me/itinerary');
    if (it.status === 200) { itinerary = it.data; renderItinerary(); }
    else OC.say(document.getElementById('itinerary-status'), OC.errorText(it), 'error');
  }

  document.addEventListener('oc-lang', () => {
    renderStatus(); renderItinerary(); tick();
    const img = document.getElementById('qr-image');
    if (img && code) img.alt = OC.t('me.qr_alt') + ' ' + OC.t('colour.' + code.colour);
  });

  document.addEventListener('DOMContentLoaded', () => {
    setInterval(tick, 1000);
    tick();
    OC.setupLogin({ person: 'login-person', phone_tail: 'login-phone' }, ['citizen'], load);

    document.getElementById('decl-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const out = document.getElementById('decl-status');
      const temp = document.getElementById('decl-temp').value;
      const body = {
        symptoms: [...document.querySelectorAll('input[name=symptom]:checked')].map((e) => e.value),
        note: document.getElementById('decl-note').value,
      };
      if (temp !== '') body.temperature_c = Number(temp);
      const r = await OC.api('POST', '/api/v1/me/declarations', body);
      if (r.status === 201) OC.say(out, OC.t('decl.saved'), 'ok'); else OC.say(out, OC.errorText(r), 'error');
    });

    document.getElementById('appeal-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const out = document.getElementById('appeal-status');
      const r = await OC.api('POST', '/api/v1/me/appeals', { text: document.getElementById('appeal-text').value });
      if (r.status === 201) { OC.say(out, OC.t('appeal.saved'), 'ok'); document.getElementById('appeal-text').value = ''; }
      else OC.say(out, OC.errorText(r), 'error');
    });
  });
})();
