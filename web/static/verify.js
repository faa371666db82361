// Offline verification of OneCode codes in the browser (and in Node for the
// tests): base45, the token layout, the trust list and its root signature,
// and the gate's checks in the order of docs/formats/token.md ("Verifying"),
// with WebCrypto Ed25519. The same rules as src/codes/verify.cc.
'use strict';
(function (root) {
  const PREFIX = 'OC1:';
  const MAX_TEXT = 202;
  const FIXED = 36;     // bytes before the name
  const SIG = 64;
  const MAX_NAME = 32;
  const COLOURS = ['green', 'yellow', 'red'];
  const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const subtle = () => root.crypto.subtle;

  // RFC 9285. Throws Error with a reason on invalid input.
  function base45Decode(text) {
    if (text.length % 3 === 1) throw new Error('base45 text length ' + text.length + ' leaves a single character');
    const out = [];
    const val = (ch) => {
      const v = B45.indexOf(ch);
      if (v < 0) throw new Error('character ' + JSON.stringify(ch) + ' is not base45');
      return v;
    };
    for (let i = 0; i < text.length; i += 3) {
      if (i + 2 < text.length) {
        const n = val(text[i]) + val(text[i + 1]) * 45 + val(text[i + 2]) * 2025;
        if (n > 0xffff) throw new Error('base45 group ' + text.substr(i, 3) + ' exceeds 65535');
        out.push(n >> 8, n & 0xff);
      } else {
        const n = val(text[i]) + val(text[i + 1]) * 45;
        if (n > 0xff) throw new Error('base45 pair ' + text.substr(i, 2) + ' exceeds 255');
        out.push(n);
      }
    }
    return new Uint8Array(out);
  }

  function base45Encode(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 2) {
      if (i + 1 < bytes.length) {
        let n = bytes[i] * 256 + bytes[i + 1];
        s += B45[n % 45]; n = Math.floor(n / 45);
        s += B45[n % 45]; n = Math.floor(n / 45);
        s += B45[n];
      } else {
        s += B45[bytes[i] % 45] + B45[Math.floor(bytes[i] / 45)];
      }
    }
    return s;
  }

  function validRegion(v) {
    const province = Math.floor(v / 10000), city = Math.floor(v / 100) % 100, county = v % 100;
    return province >= 11 && province <= 82 && !(city === 0 && county !== 0);
  }

  const utf8 = new TextDecoder('utf-8', { fatal: true });

  // Checks 1-2: the text form and the byte layout. Returns the fields, or
  // throws Error(reason) for a malformed token.
  function parseToken(text) {
    if (typeof text !== 'string' || !text.startsWith(PREFIX)) throw new Error('text does not start with ' + PREFIX);
    if (text.length > MAX_TEXT) throw new Error('token text has ' + text.length + ' characters, at most ' + MAX_TEXT);
    const b = base45Decode(text.slice(PREFIX.length));
    const n = b.length;
    if (n < FIXED + SIG) throw new Error('token has ' + n + ' bytes, at least ' + (FIXED + SIG) + ' needed');
    if (b[0] !== 1) throw new Error('token format version ' + b[0] + ' is not supported');
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const region = (b[1] << 16) | (b[2] << 8) | b[3];
    if (!validRegion(region)) throw new Error('issuer region ' + region + ' is not a valid region code');
    const keyId = dv.getUint16(4);
    if (b[22] > 2) throw new Error('colour byte ' + b[22] + ' is not 0, 1 or 2');
    const issued = dv.getUint32(23), validity = dv.getUint32(27), ruleset = dv.getUint32(31);
    if (validity === 0) throw new Error('validity is 0 seconds');
    const nameLen = b[35];
    if (nameLen > MAX_NAME) throw new Error('masked name length ' + nameLen + ' exceeds ' + MAX_NAME);
    if (n !== FIXED + nameLen + SIG) throw new Error('token has ' + n + ' bytes, its name length says ' + (FIXED + nameLen + SIG));
    let name;
    try { name = utf8.decode(b.subarray(FIXED, FIXED + nameLen)); } catch (e) { throw new Error('masked name is not UTF-8'); }
    return {
      region, regionText: String(region).padStart(6, '0'), keyId, colour: COLOURS[b[22]], issued, validity,
      ruleset, maskedName: name, signed: b.subarray(0, n - SIG), signature: b.subarray(n - SIG),
    };
  }

  function hexBytes(hex) {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  }
  const HEX64 = /^[0-9a-fA-F]{64}$/, HEX128 = /^[0-9a-fA-F]{128}$/;
  const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

  function parseTime(s, where) {
    const m = TIME.exec(s);
    if (!m) throw new Error(where + ': expected a time YYYY-MM-DDTHH:MM:SSZ');
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    const d = new Date(ms);
    if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3] || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) {
      throw new Error(where + ': no such time ' + s);
    }
    return ms / 1000;
  }

  async function importKey(raw) {
    return subtle().importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  }

  // Parses and checks a trust list (docs/formats/trust-list.md), in order:
  // syntax, pinned root (hex; null: unpinned), root signature, duplicate key
  // ids, expired entries. Resolves to {root, issued, entries, pinned} or
  // rejects with Error(reason).
  async function loadTrustList(text, pinnedRootHex, nowSeconds) {
    if (typeof text !== 'string' || text.length > 4 * 1024 * 1024) throw new Error('trust list missing or over 4 MiB');
    if (!text.endsWith('\n')) throw new Error('trust list does not end with a newline (truncated?)');
    const lines = text.slice(0, -1).split('\n');
    const where = (i) => 'trust list line ' + (i + 1);
    if (lines[0] !== 'OneCode trust list 1') throw new Error(where(0) + ": expected 'OneCode trust list 1'");
    const rootM = /^root ([0-9a-fA-F]{64})$/.exec(lines[1] || '');
    if (!rootM) throw new Error(where(1) + ": expected 'root <64 hex digits>'");
    const issuedM = /^issued (\S+)$/.exec(lines[2] || '');
    if (!issuedM) throw new Error(where(2) + ": expected 'issued <time>'");
    const issued = parseTime(issuedM[1], where(2));
    const entries = [];
    let i = 3;
    for (; i < lines.length && lines[i].startsWith('issuer '); i++) {
      const f = lines[i].split(' ');
      if (f.length !== 6) throw new Error(where(i) + ': expected issuer <region> <key id> <key> <from> <to>');
      if (!/^\d{6}$/.test(f[1]) || !validRegion(+f[1])) throw new Error(where(i) + ': bad region ' + f[1]);
      if (!/^[1-9]\d{0,4}$/.test(f[2]) || +f[2] > 65535) throw new Error(where(i) + ': issuer key id must be 1-65535');
      if (!HEX64.test(f[3])) throw new Error(where(i) + ': expected a 64-hex-digit public key');
      const from = parseTime(f[4], where(i)), to = parseTime(f[5], where(i));
      if (to <= from) throw new Error(where(i) + ': valid_to is not after valid_from');
      entries.push({ region: +f[1], keyId: +f[2], publicKey: f[3].toLowerCase(), validFrom: from, validTo: to });
    }
    if (i >= lines.length) throw new Error("missing 'signature' line (list truncated?)");
    const sigM = /^signature ([0-9a-fA-F]{128})$/.exec(lines[i]);
    if (!sigM) throw new Error(where(i) + ": expected 'signature <128 hex digits>'");
    if (i !== lines.length - 1) throw new Error(where(i + 1) + ': nothing may follow the signature');
    const rootHex = rootM[1].toLowerCase();
    if (pinnedRootHex && rootHex !== pinnedRootHex.toLowerCase()) {
      throw new Error('trust list is signed by root key ' + rootHex + ', not by the pinned root key ' +
        pinnedRootHex.toLowerCase() + '; refusing it');
    }
    const signedLen = text.length - lines[i].length - 1;  // ASCII: characters = bytes
    const signed = new TextEncoder().encode(text.slice(0, signedLen));
    let ok = false;
    try {
      ok = await subtle().verify({ name: 'Ed25519' }, await importKey(hexBytes(rootHex)), hexBytes(sigM[1]), signed);
    } catch (e) { ok = false; }
    if (!ok) throw new Error('trust list signature does not verify with its root key (altered or forged list)');
    const seen = new Set();
    for (const e of entries) {
      const k = e.region + '/' + e.keyId;
      if (seen.has(k)) throw new Error('trust list has key id ' + e.keyId + ' of issuer ' + e.region + ' twice (duplicate key id)');
      seen.add(k);
    }
    for (const e of entries) {
      if (e.validTo <= nowSeconds) {
        throw new Error('trust list entry ' + e.region + '/' + e.keyId + ' expired at ' +
          new Date(e.validTo * 1000).toISOString() + '; the list is stale, fetch a fresh one');
      }
    }
    return { root: rootHex, issued, entries, pinned: !!pinnedRootHex, keys: new Map() };
  }

  // Runs the gate's checks on `text` against a loaded trust list at
  // `nowSeconds` with `skew` seconds tolerated. Resolves to
  // {result: 'pass'|'stop', reason, detail, colour, maskedName, issuer, keyId,
  // expires, pinned}; colour and maskedName only once the signature verified.
  async function verifyToken(text, trust, nowSeconds, skew) {
    if (skew === undefined) skew = 30;
    const out = (reason, detail, t, sigOk) => ({
      result: reason === 'pass' ? 'pass' : 'stop', reason, detail,
      colour: sigOk ? t.colour : null, maskedName: sigOk ? t.maskedName : null,
      issuer: t ? t.regionText : null, keyId: t ? t.keyId : null,
      expires: sigOk ? t.issued + t.validity : null, pinned: trust.pinned,
    });
    let t;
    try { t = parseToken(text); } catch (e) { return out('malformed', 'malformed token: ' + e.message, null, false); }
    const entry = trust.entries.find((e) => e.region === t.region && e.keyId === t.keyId);
    const name = t.regionText + '/' + t.keyId;
    if (!entry) return out('unknown_issuer', 'unknown issuer: key ' + name + ' is not in the trust list', t, false);
    let key = trust.keys.get(name);
    if (!key) { key = await importKey(hexBytes(entry.publicKey)); trust.keys.set(name, key); }
    let ok = false;
    try { ok = await subtle().verify({ name: 'Ed25519' }, key, t.signature, t.signed); } catch (e) { ok = false; }
    if (!ok) return out('bad_signature', 'bad signature: the token was altered or not signed by issuer key ' + name, t, false);
    if (t.issued < entry.validFrom || t.issued > entry.validTo) {
      return out('key_not_valid', 'issuer key ' + name + ' was not valid at the issue time', t, true);
    }
    const expires = t.issued + t.validity;
    if (t.issued > nowSeconds + skew) return out('not_yet_valid', 'not yet valid: issued in the future', t, true);
    if (nowSeconds > expires + skew) return out('expired', 'expired ' + Math.round(nowSeconds - expires) + ' s ago', t, true);
    if (t.colour !== 'green') return out(t.colour, t.colour + ' code: stop', t, true);
    return out('pass', 'green code, valid until ' + new Date(expires * 1000).toISOString(), t, true);
  }

  root.OCVerify = { base45Decode, base45Encode, parseToken, loadTrustList, verifyToken };
})(typeof window !== 'undefined' ? window : globalThis);
