// Browser tests of the pages in Debian's chromium (playwright-core, no
// browser download). Run by tests/web_pages.sh, which seeds a store and
// starts `onecode serve`; settings come from the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/web_pages.sh)`);
  return v;
};
const URL = env('ONECODE_URL').replace(/\/$/, '');
const ART = env('ARTEFACTS');
mkdirSync(ART, { recursive: true });

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
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
    const r = await fetch('/api/v1/me/declarations', { headers: { Authorization: 'Bearer ' + token } });
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
    const login = await fetch('/api/v1/login', { method: 'POST', body: JSON.stringify({ user, password }) });
    const { token } = await login.json();
    const h = { Authorization: 'Bearer ' + token };
    const overview = await fetch('/api/v1/overview', { headers: h });
    const cases = await fetch('/api/v1/cases', { method: 'POST', headers: h, body: '{}' });
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
