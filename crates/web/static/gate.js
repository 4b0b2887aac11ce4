// Enquête gate scanner: checks festival tickets at a gate, with or without signal
// (docs/festival-gates.md). The phone holds a lane: it admits that lane's tickets itself,
// keeping every admission in IndexedDB before it says "welcome", and sends its scans every few
// seconds when there is signal. A ticket of another lane is asked of the server when there is
// signal, and otherwise the visitor is sent to their lane.
import { Gate, entryKey, festivalDay, importKey, label, laneOf, verifyTicket } from '/static/gate-rule.mjs';

const root = document.getElementById('gate');
const setup = JSON.parse(root.dataset.setup);
const texts = JSON.parse(root.dataset.text);
const csrf = root.dataset.csrf;
const layout = setup.layout;
const SYNC_EVERY_MS = 10000;

function t(key, values) {
  let s = texts[key] || key;
  for (const [k, v] of Object.entries(values || {})) s = s.split(`{${k}}`).join(String(v));
  return s;
}

const el = (id) => document.getElementById(id);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const hhmm = (seconds) => new Date(seconds * 1000).toLocaleTimeString(setup.lang, { hour: '2-digit', minute: '2-digit' });

// IndexedDB: `kv` (the phone's id, its gate name, the lane it wants, leases, the clock),
// `ledger` (entry key -> when admitted), `scans` (scans not sent yet).
function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(`enquete-gate-${setup.festival}`, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('kv');
      db.createObjectStore('ledger');
      db.createObjectStore('scans', { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx(db, stores, mode, work) {
  return new Promise((resolve, reject) => {
    const x = db.transaction(stores, mode);
    const out = work(x);
    x.oncomplete = () => resolve(out);
    x.onerror = () => reject(x.error);
    x.onabort = () => reject(x.error);
  });
}

function all(store) {
  return new Promise((resolve, reject) => {
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
    values.onerror = () => reject(values.error);
  });
}

let db;
let state;
let gate;
let publicKey;
let revoked = new Set(setup.revoked);
let pending = [];
let syncing = false;
let online = navigator.onLine;
let heldBy = null;

async function saveState() {
  state.gate = gate.saved();
  await tx(db, ['kv'], 'readwrite', (x) => x.objectStore('kv').put(state, 'state'));
}

function render() {
  const now = nowSeconds();
  const lane = state.lane;
  el('lane-status').textContent =
    lane === null
      ? t('no-lane')
      : gate.holds(lane, now)
        ? t('holding', { lane: label(layout, lane), time: hhmm(gate.leases.get(lane)) })
        : heldBy
          ? t('held-by', { lane: label(layout, lane), gate: heldBy })
          : gate.leases.has(lane)
            ? t('lease-lapsed-status', { lane: label(layout, lane) })
            : t('asking', { lane: label(layout, lane) });
  el('net-status').textContent = online ? t('online') : t('offline');
  el('net-status').dataset.online = online ? 'yes' : 'no';
  el('pending').textContent = t('pending', { n: pending.length });
  el('release').hidden = lane === null;
}

function show(kind, title, detail) {
  const box = el('verdict');
  box.dataset.kind = kind;
  el('verdict-title').textContent = title;
  el('verdict-detail').textContent = detail || '';
  box.hidden = false;
  if (kind !== 'admitted' && navigator.vibrate) navigator.vibrate([120, 60, 120]);
}

function scanId() {
  return `${state.device}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function keep(scan, admittedKey) {
  // The admission is on the phone before the visitor is told: a reload, a crash or a flat
  // battery does not make the phone forget it.
  await tx(db, ['scans', 'ledger', 'kv'], 'readwrite', (x) => {
    x.objectStore('scans').put(scan);
    if (admittedKey) x.objectStore('ledger').put(scan.scanned_at, admittedKey);
    state.gate = gate.saved();
    x.objectStore('kv').put(state, 'state');
  });
  pending.push(scan);
  render();
}

async function askServer(code, id) {
  try {
    const res = await fetch(`/api/v1/festivals/${setup.festival}/gate/admit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ device: state.device, scan_id: id, code }),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(4000),
    });
    if (!res.ok) return null;
    return await res.json();
  } catch (e) {
    return null;
  }
}

async function check(code) {
  const now = nowSeconds();
  const id = scanId();
  const verdict = await verifyTicket(code, publicKey, setup.festival, now, revoked);
  if (!verdict.ok) {
    show('refused', t('refused'), t(`reason-${verdict.reason}`));
    await keep({ id, lane: 0, ticket: '', entry_key: null, outcome: verdict.reason, offline: !online, scanned_at: now });
    return;
  }
  const claim = verdict.claim;
  const lane = laneOf(layout, claim.ticket);
  const key = entryKey(claim.ticket, claim.reentry, festivalDay(claim.validFrom, now));
  const scan = { id, lane, ticket: claim.ticket, entry_key: key, outcome: 'admitted', offline: !online, scanned_at: now };
  const local = gate.decide(lane, key, now);
  if (local.kind === 'admit') {
    await keep(scan, key);
    show('admitted', t('admitted'), t(`reentry-${claim.reentry}`));
    return;
  }
  if (local.kind === 'already') {
    await keep({ ...scan, outcome: 'already' });
    show('refused', t('already'), t('already-at', { time: hhmm(local.at), lane: label(layout, lane) }));
    return;
  }
  if (local.kind === 'lease-lapsed') {
    await keep({ ...scan, outcome: 'lease-lapsed' });
    show('wait', t('lease-lapsed'), t('lease-lapsed-detail'));
    return;
  }
  // Another lane's ticket: the server decides when it can be reached.
  const answer = online ? await askServer(code, id) : null;
  if (answer) {
    if (answer.decision === 'admitted') show('admitted', t('admitted'), t(`reentry-${answer.reentry}`));
    else if (answer.decision === 'already') show('refused', t('already'), t('already-at', { time: hhmm(answer.admitted_at), lane: label(layout, lane) }));
    else if (answer.decision === 'go-to') show('redirect', t('go-to', { lane: answer.lane }), t('go-to-detail', { lane: answer.lane }));
    else show('refused', t('refused'), t(`reason-${answer.reason}`));
    return;
  }
  await keep({ ...scan, outcome: 'other-lane' });
  show('redirect', t('go-to', { lane: label(layout, lane) }), t('go-to-detail', { lane: label(layout, lane) }));
}

// A send that has not answered in this time is given up (a phone at the edge of the signal can
// leave a request hanging for minutes; while it hangs nothing else would be sent).
const SYNC_TIMEOUT_MS = 20000;
let syncAgain = false;

async function sync() {
  // Asked again while a send is under way (the signal came back): send once more after it.
  if (syncing) { syncAgain = true; return; }
  syncing = true;
  syncAgain = false;
  const askedAt = nowSeconds();
  const batch = pending.slice(0, 5000);
  const releasing = state.releasing.slice();
  const body = {
    device: state.device,
    gate_name: state.gateName,
    hold: state.lane === null ? [] : [state.lane],
    release: releasing,
    scans: batch,
  };
  try {
    const res = await fetch(`/api/v1/festivals/${setup.festival}/gate/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(SYNC_TIMEOUT_MS),
    });
    if (!res.ok) {
      online = res.status >= 500 ? false : online;
      if (res.status === 401 || res.status === 403) el('sync-status').textContent = t('signed-out');
      else if (res.status === 422) el('sync-status').textContent = t('sync-refused');
      return;
    }
    const answer = await res.json();
    online = true;
    const sent = new Set(batch.map((s) => s.id));
    revoked = new Set(answer.revoked);
    heldBy = null;
    await tx(db, ['scans', 'ledger', 'kv'], 'readwrite', (x) => {
      for (const id of sent) x.objectStore('scans').delete(id);
      for (const g of answer.grants) {
        if (g.granted) {
          for (const [k, at] of g.entries) {
            gate.learn(k, at);
            x.objectStore('ledger').put(at, k);
          }
          gate.granted(g.lane, askedAt, answer.lease_seconds);
        } else {
          gate.dropped(g.lane);
          heldBy = g.held_by;
        }
      }
      state.releasing = state.releasing.filter((l) => !releasing.includes(l));
      state.revoked = answer.revoked;
      state.gate = gate.saved();
      x.objectStore('kv').put(state, 'state');
    });
    pending = pending.filter((s) => !sent.has(s.id));
    el('sync-status').textContent = t('synced', { time: hhmm(nowSeconds()) });
  } catch (e) {
    online = false;
  } finally {
    syncing = false;
    render();
    if (syncAgain) setTimeout(sync, 0);
  }
}

async function takeLane(lane) {
  if (state.lane !== null && state.lane !== lane) await giveBack();
  state.lane = lane;
  heldBy = null;
  await saveState();
  render();
  await sync();
}

async function giveBack() {
  const lane = state.lane;
  if (lane === null) return;
  // This phone stops admitting first; the server frees the lane once the scans are in.
  gate.dropped(lane);
  state.lane = null;
  state.releasing = [...new Set([...state.releasing, lane])];
  await saveState();
  render();
  await sync();
}

let camera = null;
async function startCamera() {
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices) {
    el('camera-status').textContent = t('no-camera');
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    const video = el('camera');
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const detector = new BarcodeDetector({ formats: ['qr_code'] });
    let last = '';
    let lastAt = 0;
    camera = setInterval(async () => {
      try {
        const codes = await detector.detect(video);
        const code = codes.map((c) => c.rawValue).find((v) => v.startsWith('EF1.'));
        if (code && (code !== last || Date.now() - lastAt > 4000)) {
          last = code;
          lastAt = Date.now();
          await check(code);
        }
      } catch (e) {
        /* the next frame */
      }
    }, 300);
    el('camera-start').hidden = true;
  } catch (e) {
    el('camera-status').textContent = t('camera-refused');
  }
}

async function main() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/festivals/gate-sw.js').catch(() => {});
  }
  db = await openDb();
  const saved = await tx(db, ['kv', 'ledger', 'scans'], 'readonly', (x) => ({
    state: x.objectStore('kv').get('state'),
    ledger: all(x.objectStore('ledger')),
    scans: x.objectStore('scans').getAll(),
  }));
  state = saved.state.result || {
    device: (crypto.randomUUID ? crypto.randomUUID() : scanId()).replace(/[^A-Za-z0-9-]/g, ''),
    gateName: '',
    lane: null,
    releasing: [],
  };
  if (state.revoked) revoked = new Set([...revoked, ...state.revoked]);
  gate = new Gate(state.gate ? { ...state.gate, ledger: await saved.ledger } : null);
  if (!state.gate) for (const [k, at] of await saved.ledger) gate.learn(k, at);
  pending = saved.scans.result || [];
  publicKey = await importKey(setup.public_key);
  el('gate-name').value = state.gateName;
  if (state.lane !== null) el('lane').value = String(state.lane);
  el('gate-name').addEventListener('change', async () => {
    state.gateName = el('gate-name').value.slice(0, 40);
    await saveState();
  });
  el('take').addEventListener('click', () => takeLane(Number(el('lane').value)));
  el('release').addEventListener('click', () => giveBack());
  el('check-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = el('code');
    const code = input.value;
    input.value = '';
    await check(code);
    input.focus();
  });
  el('camera-start').addEventListener('click', startCamera);
  window.addEventListener('online', () => { online = true; sync(); });
  window.addEventListener('offline', () => { online = false; render(); });
  render();
  root.dataset.ready = 'yes';
  await sync();
  // Tried whatever the browser says about the network: its "online" flag and event are not
  // reliable (a phone can say offline with signal back); a send without signal fails at once.
  setInterval(sync, SYNC_EVERY_MS);
  setInterval(render, 15000);
}

main().catch((e) => {
  el('sync-status').textContent = t('broken', { error: String(e) });
});
