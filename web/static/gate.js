// The gate page: scan a QR with the camera (jsQR) or paste a token; the code
// is verified here in the browser (verify.js, WebCrypto Ed25519) against the
// trust list cached in localStorage, so the page keeps working when the
// server is down and says it is offline. The trust list is refreshed from
// /api/v1/trust-list whenever the server answers; its root key is pinned on
// first use and a list signed by any other root is refused.
'use strict';
(function () {
  const OC = window.OC;
  const V = window.OCVerify;
  const TRUST_KEY = 'onecode.gate.trust';  // {text, fetched}
  const ROOT_KEY = 'onecode.gate.root';    // pinned root public key (hex)
  const SKEW = 30;
  let trust = null;        // loaded trust list (verify.js form)
  let trustFetched = null; // ISO time of the last fetch
  let online = null;       // null: unknown yet; true/false: last contact with the server
  let scanning = false;
  let lastAnswer = null;

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function showNet() {
    const net = document.getElementById('net');
    const up = online !== false && navigator.onLine;
    net.textContent = up ? OC.t('gate.online') : OC.t('gate.offline');
    net.classList.toggle('offline', !up);
    net.dataset.state = up ? 'online' : 'offline';
  }

  function showTrust(error) {
    const el = document.getElementById('trust-status');
    if (error) { OC.say(el, OC.t('gate.trust_rejected') + error, 'error'); return; }
    if (!trust) { OC.say(el, OC.t('gate.no_trust'), 'error'); return; }
    OC.say(el, OC.t('gate.trust_keys').replace('{n}', trust.entries.length) + ' · ' + OC.t('gate.trust_root') + ' ' +
      trust.root.slice(0, 16) + '… · ' + OC.t('gate.trust_fetched') + ' ' + OC.localTime(trustFetched, true));
  }

  // Loads the cached list (checked again against the pinned root: storage is
  // not trusted more than the network).
  async function loadCached() {
    let cached = null;
    try { cached = JSON.parse(localStorage.getItem(TRUST_KEY) || 'null'); } catch (e) { cached = null; }
    if (!cached || !cached.text) { showTrust(); return; }
    try {
      trust = await V.loadTrustList(cached.text, localStorage.getItem(ROOT_KEY), nowSeconds());
      trustFetched = cached.fetched;
      showTrust();
    } catch (e) { trust = null; showTrust(e.message); }
  }

  // Fetches a fresh list; marks the page online or offline by the outcome.
  async function refreshTrust() {
    let res;
    try {
      res = await OC.fetch('/api/v1/trust-list', { cache: 'no-store' }, 2000);  // retries a shed 503
    } catch (e) {
      online = false; showNet(); markAnswerOffline(); return;
    }
    online = true; showNet();
    if (res.status !== 200) {
      let msg = 'HTTP ' + res.status;
      try { msg = (await res.json()).message || msg; } catch (e) { /* keep the status */ }
      if (!trust) showTrust(msg);
      return;
    }
    const body = await res.json();
    const pinned = localStorage.getItem(ROOT_KEY);
    try {
      const list = await V.loadTrustList(body.trust_list, pinned || body.root, nowSeconds());
      if (!pinned) localStorage.setItem(ROOT_KEY, list.root);  // trust on first use
      trust = list;
      trustFetched = new Date().toISOString();
      localStorage.setItem(TRUST_KEY, JSON.stringify({ text: body.trust_list, fetched: trustFetched }));
      showTrust();
    } catch (e) {
      showTrust(e.message);  // keep using the cached list, if any
    }
  }

  function markAnswerOffline() {
    const box = document.getElementById('answer');
    if (box.classList.contains('hidden') || !lastAnswer) return;
    document.getElementById('answer-mode').textContent = OC.t('gate.checked_offline');
    box.dataset.offline = 'true';
  }

  // The full-screen answer: green pass; yellow or red stop; every other stop
  // is red with its reason. Colour and name only when the signature verified.
  function showAnswer(v) {
    lastAnswer = v;
    const box = document.getElementById('answer');
    const tone = v.result === 'pass' ? 'green' : (v.reason === 'yellow' ? 'yellow' : 'red');
    box.className = 'answer colour-' + tone;
    box.dataset.result = v.result;
    box.dataset.reason = v.reason;
    box.dataset.colour = v.colour || '';
    box.dataset.offline = online === false ? 'true' : 'false';
    document.getElementById('answer-word').textContent = v.result === 'pass' ? OC.t('gate.pass') : OC.t('gate.stop');
    document.getElementById('answer-colour').textContent = v.colour ? OC.t('colour.' + v.colour) : '';
    document.getElementById('answer-name').textContent = v.maskedName || '';
    document.getElementById('answer-issuer').textContent = v.issuer ? OC.t('gate.issuer') + ' ' + v.issuer + ' / ' + v.keyId : '';
    document.getElementById('answer-detail').textContent = OC.t('reason.' + v.reason) +
      (v.expires && v.result === 'pass' ? ' · ' + OC.t('gate.valid_until') + ' ' + OC.localTime(new Date(v.expires * 1000).toISOString(), true) : '');
    document.getElementById('answer-mode').textContent = online === false ? OC.t('gate.checked_offline') : OC.t('gate.checked_here');
    document.getElementById('answer-close').focus();
  }

  async function verify(text) {
    const out = document.getElementById('verify-status');
    text = (text || '').replace(/[\r\n]+$/, '');
    if (!trust) {
      await refreshTrust();
      if (!trust) { OC.say(out, OC.t('gate.no_trust'), 'error'); return; }
    }
    OC.say(out, '');
    showAnswer(await V.verifyToken(text, trust, nowSeconds(), SKEW));
    refreshTrust();  // in the background: keeps the list fresh and the online mark true
  }

  function closeAnswer() {
    document.getElementById('answer').classList.add('hidden');
    lastAnswer = null;
    const video = document.getElementById('video');
    if (video.srcObject) { scanning = true; scanLoop(); } else document.getElementById('token').focus();
  }

  // Reads frames from the camera into a canvas and looks for a QR code.
  function scanLoop() {
    const video = document.getElementById('video');
    const canvas = document.getElementById('scan-canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const step = async () => {
      if (!scanning) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const scale = Math.min(1, 800 / video.videoWidth);
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'attemptBoth' });
        if (code && code.data) {
          scanning = false;
          await verify(code.data);
          return;
        }
      }
      setTimeout(step, 120);
    };
    step();
  }

  async function startCamera() {
    const status = document.getElementById('camera-status');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      const video = document.getElementById('video');
      video.srcObject = stream;
      video.classList.remove('hidden');
      await video.play();
      OC.say(status, OC.t('gate.scanning'));
      document.getElementById('start-camera').classList.add('hidden');
      scanning = true;
      scanLoop();
    } catch (e) {
      OC.say(status, OC.t('gate.camera_failed') + e.message, 'error');
    }
  }

  document.addEventListener('oc-lang', () => {
    showNet();
    if (trust) showTrust();
    if (lastAnswer && !document.getElementById('answer').classList.contains('hidden')) showAnswer(lastAnswer);
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.addEventListener('online', showNet);
    window.addEventListener('offline', () => { online = false; showNet(); });
    showNet();
    loadCached().then(refreshTrust);
    setInterval(refreshTrust, 30000);
    OC.setupLogin({ user: 'login-user', password: 'login-password' }, ['gate', 'official', 'admin'], () => {});
    document.getElementById('start-camera').addEventListener('click', startCamera);
    document.getElementById('paste-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      verify(document.getElementById('token').value);  // no trim: a token may end in a space
    });
    document.getElementById('answer-close').addEventListener('click', closeAnswer);
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !document.getElementById('answer').classList.contains('hidden')) closeAnswer();
    });
  });
  window.OCGate = { showAnswer, verify, refreshTrust };
})();
