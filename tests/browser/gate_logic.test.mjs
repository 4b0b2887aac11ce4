// The gate rule as the phone runs it (crates/web/static/gate-rule.mjs), against the values the
// Rust rule gives (crates/domain/src/gate.rs, its tests) and a ticket signed here with Ed25519
// the way crates/app/src/tickets.rs signs it. No browser: Node runs the module itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gate, entryKey, fnv1a, label, laneOf, verifyTicket, importKey } from '../../crates/web/static/gate-rule.mjs';

const layout = { entrances: 4, lanes: 2 };

test('lanes are the ones the Rust rule gives', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  const ids = ['00000000000000000000000000000000', '0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff'];
  assert.deepEqual(ids.map((id) => label(layout, laneOf(layout, id))), ['D2', 'C1', 'D2']);
  assert.equal(label({ entrances: 3, lanes: 4 }, 11), 'C4');
});

test('a holder admits each key once and stops when its lease ends', () => {
  const g = new Gate();
  g.granted(3, 1000, 1200);
  assert.deepEqual(g.decide(3, 't1', 1010), { kind: 'admit', key: 't1' });
  assert.deepEqual(g.decide(3, 't1', 1020), { kind: 'already', at: 1010 });
  assert.deepEqual(g.decide(3, null, 1030), { kind: 'admit', key: null });
  assert.deepEqual(g.decide(4, 't2', 1040), { kind: 'other-lane', lane: 4 });
  assert.deepEqual(g.decide(3, 't3', 2200), { kind: 'lease-lapsed' });
  // Kept and read back, as the page does between visits.
  const again = new Gate({ ...g.saved(), ledger: Array.from(g.ledger.entries()) });
  again.granted(3, 3000, 1200);
  assert.deepEqual(again.decide(3, 't1', 3010), { kind: 'already', at: 1010 });
});

test('a clock set back ends the lease', () => {
  const g = new Gate();
  g.granted(0, 5000, 1200);
  assert.equal(g.decide(0, 'a', 5100).kind, 'admit');
  assert.deepEqual(g.decide(0, 'b', 5050), { kind: 'lease-lapsed' });
});

test('daily tickets enter once a day, free ones always', () => {
  assert.equal(entryKey('t9', 'daily', 1), 't9/1');
  assert.equal(entryKey('t9', 'once', 1), 't9');
  assert.equal(entryKey('t9', 'wristband', 1), 't9');
  assert.equal(entryKey('t9', 'free', 1), null);
});

function b64url(bytes) {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function ticket(privateKey, { festival = 3, from = 1000, until = 2000, flag = 1 } = {}) {
  const body = new Uint8Array(42);
  const view = new DataView(body.buffer);
  body[0] = 1;
  view.setUint32(1, festival);
  for (let i = 0; i < 16; i++) body[5 + i] = i * 17;
  view.setUint32(21, 7);
  view.setBigInt64(25, BigInt(from));
  view.setBigInt64(33, BigInt(until));
  body[41] = flag;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, body));
  return { text: `EF1.${b64url([...body, ...sig])}`, body, sig };
}

test('tickets are checked with the public key alone, as the server checks them', async () => {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const key = await importKey(Buffer.from(raw).toString('base64'));
  const none = new Set();
  const { text } = await ticket(pair.privateKey);
  const ok = await verifyTicket(text, key, 3, 1500, none);
  assert.equal(ok.ok, true);
  assert.equal(ok.claim.ticket, '00112233445566778899aabbccddeeff');
  assert.equal(ok.claim.reentry, 'once');
  assert.equal(ok.claim.ticketType, 7);
  // One character changed: forged. Another festival, out of date, refunded, unreadable.
  const i = 20;
  const altered = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
  assert.deepEqual(await verifyTicket(altered, key, 3, 1500, none), { ok: false, reason: 'forged' });
  const other = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  assert.deepEqual(await verifyTicket((await ticket(other.privateKey)).text, key, 3, 1500, none), { ok: false, reason: 'forged' });
  assert.deepEqual(await verifyTicket(text, key, 4, 1500, none), { ok: false, reason: 'other-festival' });
  assert.deepEqual(await verifyTicket(text, key, 3, 2001, none), { ok: false, reason: 'out-of-date' });
  assert.deepEqual(await verifyTicket(text, key, 3, 1500, new Set([ok.claim.ticket])), { ok: false, reason: 'revoked' });
  for (const junk of ['', 'EF1.', 'EF1.!!!', 'hello', text.slice(0, -4)]) {
    assert.deepEqual(await verifyTicket(junk, key, 3, 1500, none), { ok: false, reason: 'malformed' }, junk);
  }
  const daily = await ticket(pair.privateKey, { flag: 2 });
  assert.equal((await verifyTicket(daily.text, key, 3, 1500, none)).claim.reentry, 'daily');
  const unknownFlag = await ticket(pair.privateKey, { flag: 9 });
  assert.deepEqual(await verifyTicket(unknownFlag.text, key, 3, 1500, none), { ok: false, reason: 'malformed' });
});
