// Benchmark: the gate rule as the scanner page runs it (crates/web/static/gate-rule.mjs, Web
// Crypto Ed25519), in Node: tickets checked and decided per second by one gate, against the
// same number of bare signature checks (the reference: what a ticket check costs at least).
//   node bench/gates-phone.mjs [TICKETS]     default 5000
import { Gate, entryKey, importKey, laneOf, verifyTicket } from '../crates/web/static/gate-rule.mjs';

const n = Number(process.argv[2] || 5000);
const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
const key = await importKey(Buffer.from(raw).toString('base64'));
const layout = { entrances: 4, lanes: 2 };
const codes = [];
const bodies = [];
for (let i = 0; i < n; i++) {
  const body = new Uint8Array(42);
  const view = new DataView(body.buffer);
  body[0] = 1;
  view.setUint32(1, 1);
  crypto.getRandomValues(body.subarray(5, 21));
  view.setUint32(21, 1);
  view.setBigInt64(25, 0n);
  view.setBigInt64(33, 4102444800n);
  body[41] = 1;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, body));
  bodies.push([body, sig]);
  codes.push(`EF1.${Buffer.from([...body, ...sig]).toString('base64url')}`);
}
const now = 1_800_000_000;
const none = new Set();

let t = performance.now();
for (const [body, sig] of bodies) await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, body);
const bare = (performance.now() - t) / 1000;

const gate = new Gate();
for (let l = 0; l < 8; l++) gate.granted(l, now, 1200);
t = performance.now();
let admitted = 0;
for (const code of codes) {
  const v = await verifyTicket(code, key, 1, now, none);
  const d = gate.decide(laneOf(layout, v.claim.ticket), entryKey(v.claim.ticket, v.claim.reentry, 0), now);
  if (d.kind === 'admit') admitted++;
}
const full = (performance.now() - t) / 1000;
const figures = {
  tickets: n,
  admitted,
  scans_per_s: Math.round(n / full),
  bare_verifies_per_s: Math.round(n / bare),
  ratio_to_bare_verify: Math.round((full / bare) * 100) / 100,
};
console.log(`one gate decides ${figures.scans_per_s} tickets/s (bare signature checks: ${figures.bare_verifies_per_s}/s, ratio ${figures.ratio_to_bare_verify})`);
console.log(JSON.stringify(figures));
