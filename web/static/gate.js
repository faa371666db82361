// The gate page skeleton: camera preview, paste box, full-screen answer.
// QR decoding and offline WebCrypto verification arrive with src/codes.
'use strict';
(function () {
  const OC = window.OC;

  function showNet() {
    const net = document.getElementById('net');
    net.textContent = navigator.onLine ? OC.t('gate.online') : OC.t('gate.offline');
    net.classList.toggle('offline', !navigator.onLine);
  }

  // Shows the full-screen answer for a verification result {colour, masked_name, pass, reason}.
  function showAnswer(result) {
    const box = document.getElementById('answer');
    box.className = 'answer colour-' + (result.colour || 'none');
    document.getElementById('answer-word').textContent =
      (result.pass ? OC.t('gate.pass') : OC.t('gate.stop')) + (result.colour ? ' · ' + OC.t('colour.' + result.colour) : '');
    document.getElementById('answer-name').textContent = result.masked_name || '';
    document.getElementById('answer-detail').textContent = result.reason || '';
    document.getElementById('answer-close').focus();
  }

  async function verify(token) {
    const out = document.getElementById('verify-status');
    const r = await OC.api('POST', '/api/v1/verify', { token });
    if (r.status === 200) { OC.say(out, ''); showAnswer(r.data); return; }
    OC.say(out, r.status === 501 ? OC.t('common.not_available') : OC.errorText(r), 'error');
  }

  async function startCamera() {
    const status = document.getElementById('camera-status');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      const video = document.getElementById('video');
      video.srcObject = stream;
      video.classList.remove('hidden');
      await video.play();
      OC.say(status, OC.t('gate.scan_slot'));
    } catch (e) {
      OC.say(status, OC.t('gate.camera_failed') + e.message, 'error');
    }
  }

  document.addEventListener('oc-lang', showNet);
  document.addEventListener('DOMContentLoaded', () => {
    window.addEventListener('online', showNet);
    window.addEventListener('offline', showNet);
    showNet();
    OC.setupLogin({ user: 'login-user', password: 'login-password' }, ['gate', 'official', 'admin'], () => {});
    document.getElementById('start-camera').addEventListener('click', startCamera);
    document.getElementById('paste-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      verify(document.getElementById('token').value.trim());
    });
    document.getElementById('answer-close').addEventListener('click', () => {
      document.getElementById('answer').classList.add('hidden');
      document.getElementById('token').focus();
    });
  });
  window.OCGate = { showAnswer };
})();
