// Browser tests of the pages in Debian's chromium (playwright-core, no
// browser download). Run by tests/web_pages.sh, which seeds a store and
// starts `onecode serve`; settings come from the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { decodeGreyPng, y4mFromGrey } from './png_to_y4m.mjs';
import { fetchRetry } from './http_retry.mjs';

const jsQR = createRequire(import.meta.url)('../../web/node_modules/jsqr');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/web_pages.sh)`);
  return v;
};
const URL = env('ONECODE_URL').replace(/\/$/, '');
const ART = env('ARTEFACTS');
mkdirSync(ART, { recursive: true });

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];
let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => { await browser?.close(); });

// A phone-sized page with a fresh session store.
async function phonePage() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  return page;
}

async function citizenLogin(page, person, tail) {
  await page.goto(URL + '/me');
  await page.getByLabel('个人编号').fill(person);
  await page.getByLabel('手机号后四位').fill(tail);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#colour-card[data-colour]').waitFor();
}

test('/me shows the red colour and its reasons, in Chinese then English', async () => {
  const page = await phonePage();
  await citizenLogin(page, env('RED_PERSON'), env('RED_TAIL'));
  assert.equal(await page.locator('#colour-card').getAttribute('data-colour'), 'red');
  assert.equal(await page.locator('#colour-word').textContent(), '红码');
  const reasons = await page.locator('#reasons li').allTextContents();
  assert.deepEqual(reasons, ['与确诊病例同一网格停留14分钟', '近14天到过高风险地区']);
  assert.match(await page.locator('#masked-name').textContent(), /^.\*+.?$/u);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  // The derived itinerary is there without typing anything.
  await page.locator('#itinerary tbody tr').first().waitFor();
  assert.ok(await page.locator('#itinerary tbody tr').count() >= 1);
  await page.screenshot({ path: `${ART}/me-red-zh.png`, fullPage: true });

  await page.getByRole('button', { name: '切换到英文' }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('#colour-word').textContent(), 'Red');
  assert.equal(await page.locator('#me-title, h1').first().textContent(), 'My health code');
  await page.screenshot({ path: `${ART}/me-red-en.png`, fullPage: true });
  // The choice is remembered.
  await page.reload();
  await page.locator('#colour-card[data-colour]').waitFor();
  assert.equal(await page.locator('#colour-word').textContent(), 'Red');
  await page.context().close();
});

test('/me shows green with no reasons for the green person', async () => {
  const page = await phonePage();
  await citizenLogin(page, env('GREEN_PERSON'), env('GREEN_TAIL'));
  assert.equal(await page.locator('#colour-card').getAttribute('data-colour'), 'green');
  assert.equal(await page.locator('#colour-word').textContent(), '绿码');
  assert.deepEqual(await page.locator('#reasons li').allTextContents(), ['没有风险记录。']);
  await page.screenshot({ path: `${ART}/me-green-zh.png`, fullPage: true });
  await page.context().close();
});

test('/me retries a shed 503 after its Retry-After and then shows the colour', async () => {
  const page = await phonePage();
  const seen = [];
  // The first status request is answered as the server answers when it sheds load.
  await page.route('**/api/v1/me/status', async (route) => {
    seen.push(Date.now());
    if (seen.length === 1) {
      await route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        body: '{"error":"overloaded","message":"the server is at capacity; retry shortly"}' });
    } else {
      await route.continue();
    }
  });
  await citizenLogin(page, env('GREEN_PERSON'), env('GREEN_TAIL'));
  assert.equal(await page.locator('#colour-card').getAttribute('data-colour'), 'green');
  assert.equal(seen.length, 2);
  assert.ok(seen[1] - seen[0] >= 1000, `retried after ${seen[1] - seen[0]} ms, before Retry-After`);
  await page.context().close();
});

test('a wrong phone tail is refused', async () => {
  const page = await phonePage();
  await page.goto(URL + '/me');
  await page.getByLabel('个人编号').fill(env('RED_PERSON'));
  await page.getByLabel('手机号后四位').fill('0000' === env('RED_TAIL') ? '1111' : '0000');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('登录失败').waitFor();
  assert.ok(await page.locator('#app').isHidden());
  await page.context().close();
});

test('the declaration form posts and the declaration is stored', async () => {
  const page = await phonePage();
  await citizenLogin(page, env('GREEN_PERSON'), env('GREEN_TAIL'));
  const note = 'web-test ' + Date.now();
  await page.getByLabel('体温（°C）').fill('37.8');
  await page.getByLabel('咳嗽').check();
  await page.getByLabel('备注').fill(note);
  await page.getByRole('button', { name: '提交申报' }).click();
  await page.getByText('申报已提交。').waitFor();
  // Read it back through the API with the page's own session.
  const stored = await page.evaluate(async () => {
    const token = sessionStorage.getItem('onecode.token.me');
    const r = await OC.fetch('/api/v1/me/declarations', { headers: { Authorization: 'Bearer ' + token } });
    return r.json();
  });
  const mine = stored.declarations.find((d) => d.note === note);
  assert.ok(mine, JSON.stringify(stored));
  assert.deepEqual(mine.symptoms, ['cough']);
  assert.equal(mine.temperature_c, 37.8);
  await page.screenshot({ path: `${ART}/me-declared.png`, fullPage: true });
  await page.context().close();
});

test('a gate account gets 403 from official endpoints and is turned away from /admin', async () => {
  const page = await phonePage();
  await page.goto(URL + '/admin');
  await page.getByLabel('用户名').fill(env('GATE_USER'));
  await page.getByLabel('密码').fill(env('GATE_PASSWORD'));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('此账号无权使用本页面。').waitFor();
  const statuses = await page.evaluate(async ([user, password]) => {
    const login = await OC.fetch('/api/v1/login', { method: 'POST', body: JSON.stringify({ user, password }) });
    const { token } = await login.json();
    const h = { Authorization: 'Bearer ' + token };
    const overview = await OC.fetch('/api/v1/overview', { headers: h });
    const cases = await OC.fetch('/api/v1/cases', { method: 'POST', headers: h, body: '{}' });
    return [overview.status, cases.status, (await overview.json()).error];
  }, [env('GATE_USER'), env('GATE_PASSWORD')]);
  assert.deepEqual(statuses, [403, 403, 'forbidden']);
  await page.screenshot({ path: `${ART}/admin-gate-refused.png`, fullPage: true });
  await page.context().close();
});

test('/admin shows counts by colour to an official; /gate shows its skeleton', async () => {
  const page = await phonePage();
  await page.goto(URL + '/admin');
  await page.getByLabel('用户名').fill(env('OFFICIAL_USER'));
  await page.getByLabel('密码').fill(env('OFFICIAL_PASSWORD'));
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#counts .count.red .n').waitFor();
  assert.equal(await page.locator('#counts .count.red .n').textContent(), '1');
  assert.equal(await page.locator('#counts .count.green .n').textContent(), '1');
  await page.screenshot({ path: `${ART}/admin-official.png`, fullPage: true });

  const gate = await phonePage();
  await gate.goto(URL + '/gate');
  await gate.getByLabel('用户名').fill(env('GATE_USER'));
  await gate.getByLabel('密码').fill(env('GATE_PASSWORD'));
  await gate.getByRole('button', { name: '登录' }).click();
  await gate.getByRole('button', { name: '打开摄像头' }).waitFor();
  assert.equal(await gate.locator('#net').textContent(), '在线');
  await gate.screenshot({ path: `${ART}/gate.png`, fullPage: true });
  await page.context().close();
  await gate.context().close();
});

// ---- codes: /me's QR, the gate page (camera, paste, offline). Issue 7.

const BIN = env('ONECODE_BIN');
const STORE = env('ONECODE_STORE');
const WORK = env('WORK');

// A citizen's fresh code through the API (what /me shows).
async function codeOf(person, tail) {
  const login = await fetchRetry(URL + '/api/v1/login', { method: 'POST', body: JSON.stringify({ person, phone_tail: tail }) });
  assert.equal(login.status, 200);
  const { token } = await login.json();
  const r = await fetchRetry(URL + '/api/v1/me/code', { headers: { Authorization: 'Bearer ' + token } });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

// `onecode verify --json` with the server's trust list, pinned to the store's root key.
async function cliVerify(token) {
  const r = await fetchRetry(URL + '/api/v1/trust-list');
  assert.equal(r.status, 200);
  const list = `${WORK}/trust-list.txt`;
  writeFileSync(list, (await r.json()).trust_list);
  return JSON.parse(execFileSync(BIN, ['verify', '-', '--trust', list, '--store', STORE, '--json'], { input: token + '\n' }));
}

// Flips one bit of the signature: still well formed, no longer signed.
function tamper(token) {
  const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const t = token.slice(4);
  const bytes = [];
  for (let i = 0; i < t.length; i += 3) {
    if (i + 2 < t.length) {
      const n = B45.indexOf(t[i]) + B45.indexOf(t[i + 1]) * 45 + B45.indexOf(t[i + 2]) * 2025;
      bytes.push(n >> 8, n & 255);
    } else bytes.push(B45.indexOf(t[i]) + B45.indexOf(t[i + 1]) * 45);
  }
  bytes[bytes.length - 10] ^= 0x04;
  let out = 'OC1:';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      out += B45[n % 45]; n = Math.floor(n / 45); out += B45[n % 45] + B45[Math.floor(n / 45)];
    } else out += B45[bytes[i] % 45] + B45[Math.floor(bytes[i] / 45)];
  }
  return out;
}

async function gateLogin(page) {
  await page.goto(URL + '/gate');
  await page.getByLabel('用户名').fill(env('GATE_USER'));
  await page.getByLabel('密码').fill(env('GATE_PASSWORD'));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '打开摄像头' }).waitFor();
  // The trust list is fetched, checked and cached.
  await page.locator('#trust-status', { hasText: '1 个签发密钥' }).waitFor();
}

async function pasteAndCheck(page, token) {
  await page.locator('#token').fill(token);
  await page.locator('#paste-form button[type=submit]').click();
  await page.locator('#answer:not(.hidden)').waitFor();
  return page.locator('#answer').evaluate((e) => ({ ...e.dataset, className: e.className }));
}

async function closeAnswer(page) {
  await page.keyboard.press('Escape');
  await page.locator('#answer.hidden').waitFor({ state: 'attached' });
}

test('/me shows a QR code whose token verifies with onecode verify, with a countdown', async () => {
  const page = await phonePage();
  await citizenLogin(page, env('GREEN_PERSON'), env('GREEN_TAIL'));
  const img = page.locator('#qr-image');
  await img.waitFor();
  await page.waitForFunction(() => document.getElementById('qr-image').complete);
  assert.match(await page.locator('#qr-countdown').textContent(), /^二维码有效期剩余 [45]:\d\d$/);
  assert.match(await img.getAttribute('alt'), /绿码/);
  // Read the QR off the page's pixels with jsQR (not the page's own data).
  const pixels = await page.evaluate(() => {
    const im = document.getElementById('qr-image');
    const c = document.createElement('canvas');
    c.width = im.naturalWidth; c.height = im.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(im, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height);
    return { w: d.width, h: d.height, data: Array.from(d.data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.w, pixels.h);
  assert.ok(decoded, 'no QR code found in the /me image');
  assert.match(decoded.data, /^OC1:/);
  assert.equal(decoded.data, await img.getAttribute('data-token'));
  const v = await cliVerify(decoded.data);
  assert.equal(v.result, 'pass', JSON.stringify(v));
  assert.equal(v.colour, 'green');
  assert.equal(v.pinned, true);
  assert.equal(v.masked_name, await page.locator('#masked-name').textContent());
  await page.screenshot({ path: `${ART}/me-green-qr.png`, fullPage: true });
  await page.context().close();
});

// The gate page with Chromium's fake camera playing a Y4M made from the
// token's QR PNG (`onecode code qr --png`).
async function scanWithFakeCamera(token, name) {
  const png = `${WORK}/${name}.png`, y4m = `${WORK}/${name}.y4m`;
  execFileSync(BIN, ['code', 'qr', '-', '--png', png, '--module', '6'], { input: token + '\n' });
  writeFileSync(y4m, y4mFromGrey(decodeGreyPng(readFileSync(png)), 10));
  const camBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const context = await camBrowser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await gateLogin(page);
    await page.getByRole('button', { name: '打开摄像头' }).click();
    await page.locator('#answer:not(.hidden)').waitFor({ timeout: 15000 });
    const answer = await page.locator('#answer').evaluate((e) => ({ ...e.dataset, className: e.className }));
    answer.name = await page.locator('#answer-name').textContent();
    answer.word = await page.locator('#answer-word').textContent();
    answer.detail = await page.locator('#answer-detail').textContent();
    await page.screenshot({ path: `${ART}/gate-camera-${name}.png` });
    assert.deepEqual(errors, []);
    return answer;
  } finally {
    await camBrowser.close();
  }
}

test('the gate page reads a green code from the camera: full-screen pass', async () => {
  const code = await codeOf(env('GREEN_PERSON'), env('GREEN_TAIL'));
  const a = await scanWithFakeCamera(code.token, 'green');
  assert.equal(a.result, 'pass');
  assert.equal(a.colour, 'green');
  assert.match(a.className, /colour-green/);
  assert.equal(a.word, '通行');
  assert.equal(a.name, code.masked_name);
  assert.match(a.detail, /^绿码，有效/);
});

test('the gate page reads a red code from the camera: full-screen red stop', async () => {
  const code = await codeOf(env('RED_PERSON'), env('RED_TAIL'));
  const a = await scanWithFakeCamera(code.token, 'red');
  assert.deepEqual([a.result, a.reason, a.colour], ['stop', 'red', 'red']);
  assert.match(a.className, /colour-red/);
  assert.equal(a.word, '请停留');
  assert.equal(a.name, code.masked_name);
});

test('a pasted tampered code stops with a bad signature, an expired one as expired', async () => {
  const page = await phonePage();
  await gateLogin(page);
  const code = await codeOf(env('GREEN_PERSON'), env('GREEN_TAIL'));
  let a = await pasteAndCheck(page, tamper(code.token));
  assert.deepEqual([a.result, a.reason, a.colour], ['stop', 'bad_signature', '']);
  assert.match(a.className, /colour-red/);
  assert.equal(await page.locator('#answer-name').textContent(), '');  // not trusted, not shown
  assert.equal(await page.locator('#answer-detail').textContent(), '签名无效：码被篡改或伪造');
  await page.screenshot({ path: `${ART}/gate-tampered.png` });
  await closeAnswer(page);
  // The server agrees.
  assert.equal((await cliVerify(tamper(code.token))).reason_code, 'bad_signature');

  a = await pasteAndCheck(page, code.token);
  assert.equal(a.result, 'pass');
  await closeAnswer(page);
  // The same code replayed after its validity (300 s + 30 s skew): the gate's clock an hour on.
  await page.clock.setFixedTime(Date.now() + 3600 * 1000);
  a = await pasteAndCheck(page, code.token);
  assert.deepEqual([a.result, a.reason], ['stop', 'expired']);
  assert.equal(await page.locator('#answer-detail').textContent(), '码已过期（可能是截图）');
  await page.screenshot({ path: `${ART}/gate-expired.png` });
  // English switch on the answer.
  await closeAnswer(page);
  await page.getByRole('button', { name: '切换到英文' }).click();
  a = await pasteAndCheck(page, code.token);
  assert.equal(await page.locator('#answer-word').textContent(), 'Stop');
  assert.equal(await page.locator('#answer-detail').textContent(), 'Expired (possibly a screenshot)');
  await page.evaluate(() => localStorage.setItem('onecode.lang', 'zh-CN'));
  await page.context().close();
});

// Last: stops the server.
test('with the server stopped, the open gate page still verifies and says it is offline', async () => {
  const page = await phonePage();
  await gateLogin(page);
  const code = await codeOf(env('GREEN_PERSON'), env('GREEN_TAIL'));
  const red = await codeOf(env('RED_PERSON'), env('RED_TAIL'));
  let a = await pasteAndCheck(page, code.token);
  assert.equal(a.result, 'pass');
  assert.equal(await page.locator('#net').textContent(), '在线');
  await closeAnswer(page);

  process.kill(Number(env('SERVER_PID')), 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    try { await fetch(URL + '/healthz'); } catch (e) { break; }
    await new Promise((r) => setTimeout(r, 100));
  }
  await assert.rejects(fetch(URL + '/healthz'));  // really down

  a = await pasteAndCheck(page, code.token);  // no reload
  assert.equal(a.result, 'pass');
  assert.equal(await page.locator('#answer-name').textContent(), code.masked_name);
  await page.locator('#net[data-state=offline]').waitFor();
  assert.equal(await page.locator('#net').textContent(), '离线');
  await page.locator('#answer[data-offline=true]').waitFor();
  assert.match(await page.locator('#answer-mode').textContent(), /^离线核验/);
  await page.screenshot({ path: `${ART}/gate-offline-pass.png` });
  await closeAnswer(page);
  a = await pasteAndCheck(page, red.token);
  assert.deepEqual([a.result, a.reason, a.offline], ['stop', 'red', 'true']);
  await page.screenshot({ path: `${ART}/gate-offline-red.png` });
  await page.context().close();
});

// ---- /admin: colour history chart, trace and colours runs, rules dry run,
// publish (issue 7). Runs last and starts its own server on the same store
// (the test above stopped the shared one): colours runs recompute everyone,
// and the tests above rely on the seeded colours.

// Starts `onecode serve` on a free port; resolves to {server, base}.
function startServer() {
  const server = spawn(BIN, ['serve', '--store', STORE, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + log)), 15000);
    const onData = (d) => {
      log += d;
      const m = log.match(/http:\/\/[^ \n]*\//);
      if (m) { clearTimeout(timer); resolve({ server, base: m[0].replace(/\/$/, '') }); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${log}`)); });
  });
}

test('/admin: history chart, runs, dry run with the transition matrix, publish and reassess', async () => {
  const { server, base } = await startServer();
  const page = await phonePage();
  try {
    const login = await (await fetchRetry(base + '/api/v1/login', { method: 'POST',
      body: JSON.stringify({ user: env('OFFICIAL_USER'), password: env('OFFICIAL_PASSWORD') }) })).json();
    const api = async (method, path, body) => {
      const r = await fetchRetry(base + path, { method, headers: { Authorization: 'Bearer ' + login.token },
        body: body === undefined ? undefined : JSON.stringify(body) });
      assert.equal(r.status, 200, `${method} ${path}: ${await r.clone().text()}`);
      return r.json();
    };
    const shownCounts = async () => Object.fromEntries(await Promise.all(['green', 'yellow', 'red'].map(
      async (c) => [c, Number(await page.locator(`#counts .count.${c} .n`).textContent())])));

    await page.goto(base + '/admin');
    await page.getByLabel('用户名').fill(env('OFFICIAL_USER'));
    await page.getByLabel('密码').fill(env('OFFICIAL_PASSWORD'));
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#counts .count.red .n').waitFor();

    // Trace, then colours, from the page's buttons; each shows its result.
    await page.getByRole('button', { name: '运行流调' }).click();
    await page.locator('#run-status', { hasText: '流调完成' }).waitFor();
    assert.match(await page.locator('#run-result dd[data-field=cases]').textContent(), /^\d+$/);
    await page.getByRole('button', { name: '运行颜色评估' }).click();
    await page.locator('#run-status', { hasText: '颜色评估完成' }).waitFor();
    await page.locator('#history-chart svg rect').first().waitFor();

    // The chart and its table hold exactly the API's numbers.
    const history = await api('GET', '/api/v1/colours/history');
    assert.ok(history.days.length >= 1);
    const bars = await page.locator('#history-chart svg rect').evaluateAll(
      (rs) => rs.map((r) => [r.dataset.date, r.dataset.colour, Number(r.dataset.count)]));
    assert.ok(bars.length >= 1);
    const expected = history.days.slice(-14).flatMap((d) => ['green', 'yellow', 'red'].map((c) => [d.date, c, d[c]]));
    assert.deepEqual(bars, expected);
    const last = history.days.at(-1);
    const label = await page.locator('#history-chart svg').getAttribute('aria-label');
    for (const c of ['green', 'yellow', 'red']) {
      assert.ok(label.includes(`${last[c]}`), label);
      assert.equal(await page.locator(`#history-table tbody tr[data-date="${last.date}"] td[data-colour=${c}]`).textContent(),
        String(last[c]));
    }
    const overview = await api('GET', '/api/v1/overview');
    assert.deepEqual(await shownCounts(), overview.colours);

    // The active rule set with sources, and the editor pre-filled with it.
    const active = await api('GET', '/api/v1/rules/active');
    assert.equal(await page.locator('#active-rules li').count(), active.rules.length);
    assert.match(await page.locator('#active-rules li').first().textContent(), /依据：/);
    const editor = page.getByLabel('规则集（JSON）');
    await page.waitForFunction(() => document.getElementById('rules-text').value.length > 0);
    const doc = JSON.parse(await editor.inputValue());
    assert.equal(doc.version, active.version);

    // Edit: fever or symptoms red, and every other yellow rule too (this small
    // store has yellow people, but nobody who declared fever on its last day).
    doc.version = 'web-test-red-fever';
    for (const r of doc.rules) if (r.colour === 'yellow') r.colour = 'red';
    assert.ok(doc.rules.some((r) => r.id === 'fever-or-symptoms-today' && r.colour === 'red'));
    await editor.fill(JSON.stringify(doc, null, 2));
    assert.equal(await page.locator('#publish').isDisabled(), true);  // no dry run of this text yet
    await page.locator('#dryrun').focus();
    await page.keyboard.press('Enter');  // keyboard use
    await page.locator('#dryrun-result:not(.hidden)').waitFor();
    await page.locator('#rules-status', { hasText: '试运行完成' }).waitFor();
    const dry = await api('POST', '/api/v1/rules/dryrun', { rules: doc });
    const cells = await page.locator('#matrix tbody tr').evaluateAll((rows) => rows.map((tr) =>
      [tr.dataset.from, [...tr.querySelectorAll('td')].map((td) => [td.dataset.to, Number(td.textContent)])]));
    assert.equal(cells.length, 3);
    for (const [from, row] of cells) {
      assert.equal(row.length, 3);
      for (const [to, n] of row) assert.equal(n, dry.transitions[`${from}->${to}`], `${from}->${to}`);
    }
    assert.equal(await page.locator('#samples tbody tr').count(), dry.samples.length);
    await page.screenshot({ path: `${ART}/admin-dryrun.png`, fullPage: true });

    // Publish (enabled now), which also reruns colours; counts follow the dry run's columns.
    assert.equal(await page.locator('#publish').isDisabled(), false);
    await page.getByRole('button', { name: '发布并重新评估' }).click();
    await page.locator('#rules-status', { hasText: '已发布 web-test-red-fever 并完成重新评估' }).waitFor();
    const after = await api('GET', '/api/v1/overview');
    const column = (to) => ['green', 'yellow', 'red'].reduce((n, from) => n + dry.transitions[`${from}->${to}`], 0);
    assert.deepEqual(after.colours, { green: column('green'), yellow: column('yellow'), red: column('red') });
    assert.ok(after.colours.red > overview.colours.red, `red ${overview.colours.red} -> ${after.colours.red}`);
    assert.deepEqual(await shownCounts(), after.colours);
    const history2 = await api('GET', '/api/v1/colours/history');
    assert.equal(history2.days.at(-1).ruleset, 'web-test-red-fever');
    assert.equal(await page.locator(`#history-chart svg rect[data-date="${history2.days.at(-1).date}"][data-colour=red]`)
      .getAttribute('data-count'), String(after.colours.red));
    assert.match(await page.locator('#active-version').textContent(), /web-test-red-fever/);
    assert.equal(await page.locator('#publish').isDisabled(), true);  // a new dry run is needed again

    // English switch.
    await page.getByRole('button', { name: '切换到英文' }).click();
    assert.equal(await page.locator('#history-title').textContent(), 'Counts by colour per day');
    assert.equal(await page.locator('#matrix caption').textContent(),
      'Colour changes (rows: current colour, columns: colour under the new rules)');
    await page.screenshot({ path: `${ART}/admin-published-en.png`, fullPage: true });
    await page.evaluate(() => localStorage.setItem('onecode.lang', 'zh-CN'));
  } finally {
    await page.context().close();
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

