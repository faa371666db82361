// The gate page's verifier (web/static/verify.js) in Node's WebCrypto,
// against the test vectors of docs/formats/token.md and signed trust lists
// made here: every check, in the documented order. No browser, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const src = readFileSync(fileURLToPath(new URL('../../web/static/verify.js', import.meta.url)), 'utf8');
vm.runInThisContext(src);
const V = globalThis.OCVerify;

const hex = (h) => Uint8Array.from(h.match(/../g).map((x) => parseInt(x, 16)));
const toHex = (b) => Buffer.from(b).toString('hex');
const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

// docs/formats/token.md, vector 1 (green, 张*丰) and vector 2 (red, L*).
const V1 = {
  pub: '03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8',
  hex: '0101ae190001e8584345afdc1381f7a2aa00aa0ed237006b0776800000012c0000000307e5bca02ae4b8b0a9b87ccde1aa80fdcc52e22c0bcd015339a139611318a889fb39e328292a6ffa9fb6637573c634d50ae3444ed128ebbdf2250c7acd1df7eaa50086fda8039002',
  text: 'OC1:W50J0M100ZGTVM8KAM/K2YDV5MLJML+PQH20K.088G100EP5000AH0.1T7BK7-S0FMNENA1Q/OL$3WNLAPP5B-PKNA8HKBCCC53/JHEE7L35IG5YUVQ2N7%EP2P/-Q+WSH/9Z75Q0OYU4RNFLZ3*TT:2013WCK020',
  issued: 1795651200,
};
const V2 = {
  pub: '174553b456dddfc6908ecab1c101fe6ab21e2baa0617795b7d43a63482993fd5',
  text: 'OC1:%507GP200G$CT.UBXQU85S LYYS1V7UDCYD0/:0000000U7F000**0DS93JP*7E5KJIN3L7TB+TKRP-Z5F0MM$75M1PAFIIG$8CN-AB2TSC9P*7:1VMOU5AK 4B.S56TQOZSFSUL:4CP99%93L8*DW7F7',
  issued: 1795680000,
};

// A signed trust list made with a fresh root key (the writer's format).
async function makeList(entries, { root, issued = 1795651200 } = {}) {
  root = root || await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const rootPub = toHex(new Uint8Array(await crypto.subtle.exportKey('raw', root.publicKey)));
  let body = `OneCode trust list 1\nroot ${rootPub}\nissued ${iso(issued)}\n`;
  for (const e of entries) body += `issuer ${e.region} ${e.keyId} ${e.pub} ${iso(e.from)} ${iso(e.to)}\n`;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, root.privateKey, new TextEncoder().encode(body)));
  return { text: body + `signature ${toHex(sig)}\n`, rootPub, root };
}
const YEAR = 365 * 86400;
const e1 = { region: '110105', keyId: 1, pub: V1.pub, from: V1.issued - 86400, to: V1.issued + YEAR };
const e2 = { region: '510104', keyId: 2, pub: V2.pub, from: V1.issued - 86400, to: V1.issued + YEAR };

test('base45: the RFC 9285 examples both ways, and bad input refused', () => {
  const cases = [['AB', 'BB8'], ['Hello!!', '%69 VD92EX0'], ['base-45', 'UJCLQE7W581'], ['ietf!', 'QED8WEX0']];
  for (const [plain, enc] of cases) {
    assert.equal(V.base45Encode(new TextEncoder().encode(plain)), enc);
    assert.equal(new TextDecoder().decode(V.base45Decode(enc)), plain);
  }
  assert.throws(() => V.base45Decode('GGW'), /65535/);
  assert.throws(() => V.base45Decode('BB8A'), /single character/);
  assert.throws(() => V.base45Decode('ab'), /not base45/);
});

test('token vector 1 parses field by field and its bytes match the doc', () => {
  const t = V.parseToken(V1.text);
  assert.equal(toHex(V.base45Decode(V1.text.slice(4))), V1.hex);
  assert.equal(t.region, 110105);
  assert.equal(t.keyId, 1);
  assert.equal(t.colour, 'green');
  assert.equal(t.issued, V1.issued);
  assert.equal(t.validity, 300);
  assert.equal(t.ruleset, 3);
  assert.equal(t.maskedName, '张*丰');
  assert.equal(V.parseToken(V2.text).maskedName, 'L*');
});

test('vectors verify as the doc says: pass at +60 s, expired at +331 s, red for vector 2', async () => {
  const { text, rootPub } = await makeList([e1, e2]);
  const list = await V.loadTrustList(text, rootPub, V1.issued);
  assert.equal(list.pinned, true);
  let v = await V.verifyToken(V1.text, list, V1.issued + 60, 30);
  assert.equal(v.result, 'pass');
  assert.equal(v.maskedName, '张*丰');
  assert.equal(v.issuer, '110105');
  v = await V.verifyToken(V1.text, list, V1.issued + 330, 30);
  assert.equal(v.result, 'pass');  // the last second
  v = await V.verifyToken(V1.text, list, V1.issued + 331, 30);
  assert.deepEqual([v.result, v.reason, v.colour], ['stop', 'expired', 'green']);
  v = await V.verifyToken(V1.text, list, V1.issued - 31, 30);
  assert.equal(v.reason, 'not_yet_valid');
  v = await V.verifyToken(V2.text, list, V2.issued + 10, 30);
  assert.deepEqual([v.result, v.reason, v.colour, v.maskedName], ['stop', 'red', 'red', 'L*']);
});

test('every failure reason, in check order', async () => {
  const { text, rootPub } = await makeList([e1]);
  const list = await V.loadTrustList(text, rootPub, V1.issued);
  const now = V1.issued + 60;
  const bytes = hex(V1.hex);
  const withByte = (i, x) => { const b = bytes.slice(); b[i] = x; return 'OC1:' + V.base45Encode(b); };
  const reason = async (t, l = list) => (await V.verifyToken(t, l, now, 30)).reason;
  assert.equal(await reason('HC1:' + V1.text.slice(4)), 'malformed');
  assert.equal(await reason(V1.text + '0'), 'malformed');           // base45 length
  assert.equal(await reason(withByte(0, 2)), 'malformed');          // version
  assert.equal(await reason(withByte(22, 3)), 'malformed');         // colour byte
  assert.equal(await reason(withByte(1, 0)), 'malformed');          // region 044569: no province 04
  assert.equal(await reason(withByte(35, 8)), 'malformed');         // name length vs size
  assert.equal(await reason('OC1:' + V.base45Encode(bytes.slice(0, 99))), 'malformed');
  assert.equal(await reason(V2.text), 'unknown_issuer');
  // Colour changed in the bytes: the signature no longer holds; shown as nothing.
  const red = await V.verifyToken(withByte(22, 2), list, now, 30);
  assert.deepEqual([red.reason, red.colour, red.maskedName], ['bad_signature', null, null]);
  // One bit flipped anywhere (outside the checks before the signature) fails.
  for (const i of [6, 30, 40, 99, 106]) assert.equal(await reason(withByte(i, bytes[i] ^ 1)), 'bad_signature', 'byte ' + i);
  // Key not valid at the issue time.
  const late = await makeList([{ ...e1, from: V1.issued + 10 }]);
  assert.equal(await reason(V1.text, await V.loadTrustList(late.text, late.rootPub, V1.issued)), 'key_not_valid');
});

test('trust lists: pinned root, signature, duplicates, expiry and syntax are checked', async () => {
  const a = await makeList([e1, e2]);
  const other = await makeList([e1]);
  await assert.rejects(V.loadTrustList(a.text, other.rootPub, V1.issued), /not by the pinned root key/);
  const unpinned = await V.loadTrustList(a.text, null, V1.issued);
  assert.equal(unpinned.pinned, false);
  const altered = a.text.replace('issuer 510104 2', 'issuer 510104 3');
  await assert.rejects(V.loadTrustList(altered, a.rootPub, V1.issued), /signature does not verify/);
  const dup = await makeList([e1, e1], { root: a.root });
  await assert.rejects(V.loadTrustList(dup.text, a.rootPub, V1.issued), /twice \(duplicate key id\)/);
  await assert.rejects(V.loadTrustList(a.text, a.rootPub, V1.issued + YEAR), /expired at .* stale/);
  await assert.rejects(V.loadTrustList(a.text.slice(0, -10), a.rootPub, V1.issued), /newline|signature/);
  await assert.rejects(V.loadTrustList(a.text.replace('issuer 110105 1', 'issuer 110105 01'), a.rootPub, V1.issued), /key id/);
  await assert.rejects(V.loadTrustList(a.text + 'x\n', a.rootPub, V1.issued), /follow the signature/);
});
