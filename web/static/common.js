// Shared page code: language, API calls with the session token, log-in, time.
'use strict';
(function () {
  const LANG_KEY = 'onecode.lang';
  const OC = {
    lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN',
    page: document.body.dataset.page || 'page',
  };

  OC.t = function (key) {
    const table = window.OC_TEXT[OC.lang] || {};
    return key in table ? table[key] : key;
  };

  // Fills every [data-i18n] element's text, and [data-i18n-attr="attr:key"].
  OC.applyI18n = function () {
    document.documentElement.lang = OC.lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = OC.t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of el.dataset.i18nAttr.split(';')) {
        const [attr, key] = pair.split(':');
        if (attr && key) el.setAttribute(attr.trim(), OC.t(key.trim()));
      }
    }
    const sw = document.getElementById('lang-switch');
    if (sw) {
      sw.textContent = OC.t('lang.switch');
      sw.setAttribute('aria-label', OC.t('lang.switch.label'));
      sw.lang = OC.lang === 'en' ? 'zh-CN' : 'en';
    }
    document.title = OC.t(document.body.dataset.titleKey || 'app.name') + ' · ' + OC.t('app.name');
    document.dispatchEvent(new CustomEvent('oc-lang'));
  };

  OC.setLang = function (lang) {
    OC.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
    OC.applyI18n();
  };

  const tokenKey = () => 'onecode.token.' + OC.page;
  OC.token = () => sessionStorage.getItem(tokenKey());
  OC.setToken = (t) => (t ? sessionStorage.setItem(tokenKey(), t) : sessionStorage.removeItem(tokenKey()));

  // fetch(), as a polite client under load: a 503 with a short Retry-After
  // (the server shed the request before running it) is sent again after that
  // many seconds plus up to half as much again (jitter), at most
  // OC.RETRIES times; other answers, and a 503 with no or a long Retry-After
  // (e.g. keys not initialised, 60 s), are returned at once. `timeoutMs`
  // (optional) aborts each attempt after that long (the promise rejects).
  OC.RETRIES = 3;
  OC.MAX_RETRY_AFTER = 5;  // seconds
  OC.fetch = async function (path, init, timeoutMs) {
    for (let attempt = 0; ; attempt++) {
      const ctrl = timeoutMs ? new AbortController() : null;
      const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : null;
      let res;
      try {
        res = await fetch(path, ctrl ? { ...init, signal: ctrl.signal } : init);
      } finally {
        if (timer) clearTimeout(timer);
      }
      const after = res.status === 503 ? res.headers.get('Retry-After') : null;
      if (after === null || !/^\d+$/.test(after.trim()) || Number(after) > OC.MAX_RETRY_AFTER ||
          attempt >= OC.RETRIES) {
        return res;
      }
      const ms = Number(after) * 1000 * (1 + Math.random() / 2) || 100 + Math.random() * 100;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  };

  // A JSON API call through OC.fetch; resolves to {status, data}. Never rejects on HTTP errors.
  OC.api = async function (method, path, body) {
    const headers = { 'Accept': 'application/json' };
    const token = OC.token();
    if (token) headers['Authorization'] = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await OC.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      return { status: res.status, data };
    } catch (e) {
      return { status: 0, data: { error: 'network', message: String(e) } };
    }
  };

  OC.errorText = function (r) {
    if (r.data && r.data.message) return OC.t('common.error') + r.data.message;
    return OC.t('common.error') + 'HTTP ' + r.status;
  };

  // Shows `text` in a status line (an aria-live region).
  OC.say = function (el, text, kind) {
    el.textContent = text;
    el.classList.toggle('error', kind === 'error');
    el.classList.toggle('ok', kind === 'ok');
  };

  // "2026-11-26 16:00" in China Standard Time.
  OC.localTime = function (iso, withSeconds) {
    if (!iso) return '';
    const d = new Date(iso);
    const fmt = new Intl.DateTimeFormat(OC.lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hour12: false,
    });
    return fmt.format(d);
  };

  OC.el = function (tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // Wires the log-in form #login-form: `fields` maps body keys to input ids;
  // `roles` are the roles this page accepts. Calls onReady(session) when
  // logged in (also after a reload with a live token).
  OC.setupLogin = function (fields, roles, onReady) {
    const form = document.getElementById('login-form');
    const status = document.getElementById('login-status');
    const loginPanel = document.getElementById('login');
    const app = document.getElementById('app');
    const logout = document.getElementById('logout');
    const show = (loggedIn) => {
      loginPanel.classList.toggle('hidden', loggedIn);
      app.classList.toggle('hidden', !loggedIn);
      if (logout) logout.classList.toggle('hidden', !loggedIn);
    };
    const ready = (session) => {
      if (!roles.includes(session.role)) {
        OC.setToken(null);
        show(false);
        OC.say(status, OC.t('login.wrong_role'), 'error');
        return;
      }
      show(true);
      onReady(session);
    };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      for (const [key, id] of Object.entries(fields)) body[key] = document.getElementById(id).value.trim();
      OC.say(status, OC.t('common.loading'));
      const r = await OC.api('POST', '/api/v1/login', body);
      if (r.status !== 200) {
        OC.say(status, r.status === 401 ? OC.t('login.failed') : OC.errorText(r), 'error');
        return;
      }
      OC.setToken(r.data.token);
      OC.say(status, '');
      ready(r.data);
    });
    if (logout) {
      logout.addEventListener('click', async () => {
        await OC.api('POST', '/api/v1/logout');
        OC.setToken(null);
        show(false);
        document.getElementById(Object.values(fields)[0]).focus();
      });
    }
    show(false);
    if (OC.token()) {
      OC.api('GET', '/api/v1/whoami').then((r) => {
        if (r.status === 200) ready(r.data); else OC.setToken(null);
      });
    }
  };

  document.addEventListener('DOMContentLoaded', () => {
    const sw = document.getElementById('lang-switch');
    if (sw) sw.addEventListener('click', () => OC.setLang(OC.lang === 'en' ? 'zh-CN' : 'en'));
    OC.applyI18n();
  });

  window.OC = OC;
})();
