// The gate rule on the phone: the same as crates/domain/src/gate.rs (read it for the why, and
// docs/festival-gates.md for the proof), and the ticket check of crates/app/src/tickets.rs.
// Pure functions and one class; the page (gate.js) keeps their state in IndexedDB.
// tests/browser/gate_logic.test.mjs checks these against the values the Rust code gives.

export const PREFIX = 'EF1.';
const BODY = 42;

/** 32-bit FNV-1a of a text (ASCII). */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The lane (from 0) a ticket enters by. */
export function laneOf(layout, ticket) {
  const total = layout.entrances * layout.lanes;
  return Math.floor((fnv1a(ticket) * total) / 4294967296);
}

/** "B2": the entrance's letter and the lane's number in it. */
export function label(layout, lane) {
  const entrance = Math.min(Math.floor(lane / layout.lanes), 25);
  return String.fromCharCode(65 + entrance) + String((lane % layout.lanes) + 1);
}

export const REENTRY = { 0: 'free', 1: 'once', 2: 'daily', 3: 'wristband' };

/** The key an entry is admitted once under; null for a ticket that comes and goes. */
export function entryKey(ticket, reentry, day) {
  if (reentry === 'free') return null;
  if (reentry === 'daily') return `${ticket}/${day}`;
  return ticket;
}

export function festivalDay(validFrom, now) {
  return Math.floor((now - validFrom) / 86400);
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch (e) {
    return null;
  }
}

export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The festival's public key, ready to check signatures with. */
export async function importKey(publicKeyBase64) {
  return crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, [
    'verify',
  ]);
}

/**
 * Checks a ticket's text with the festival's public key, the time (seconds) and the refunded
 * tickets. Returns { ok: true, claim } or { ok: false, reason } with the reasons of tickets.rs.
 */
export async function verifyTicket(text, key, festival, now, revoked) {
  const trimmed = String(text || '').trim();
  if (!trimmed.startsWith(PREFIX)) return { ok: false, reason: 'malformed' };
  const raw = fromBase64Url(trimmed.slice(PREFIX.length));
  if (!raw || raw.length !== BODY + 64 || raw[0] !== 1) return { ok: false, reason: 'malformed' };
  const body = raw.slice(0, BODY);
  const signature = raw.slice(BODY);
  const view = new DataView(body.buffer);
  if (view.getUint32(1) !== festival) return { ok: false, reason: 'other-festival' };
  let good = false;
  try {
    good = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, body);
  } catch (e) {
    good = false;
  }
  if (!good) return { ok: false, reason: 'forged' };
  const reentry = REENTRY[body[41]];
  if (!reentry) return { ok: false, reason: 'malformed' };
  const claim = {
    festival,
    ticket: Array.from(body.slice(5, 21), (b) => b.toString(16).padStart(2, '0')).join(''),
    ticketType: view.getUint32(21),
    validFrom: Number(view.getBigInt64(25)),
    validUntil: Number(view.getBigInt64(33)),
    reentry,
  };
  if (now < claim.validFrom || now > claim.validUntil) return { ok: false, reason: 'out-of-date' };
  if (revoked.has(claim.ticket)) return { ok: false, reason: 'revoked' };
  return { ok: true, claim };
}

/**
 * A gate phone's own state: the lanes it holds until when (its clock, seconds), the entries of
 * those lanes it knows of, the latest time it has seen. `decide` answers
 * { kind: 'admit', key } | { kind: 'already', at } | { kind: 'other-lane', lane } |
 * { kind: 'lease-lapsed' }.
 */
export class Gate {
  constructor(saved) {
    this.leases = new Map(saved ? saved.leases : []);
    this.ledger = new Map(saved ? saved.ledger : []);
    this.lastSeen = saved ? saved.lastSeen : 0;
  }

  granted(lane, askedAt, seconds) {
    this.leases.set(lane, askedAt + seconds);
  }

  dropped(lane) {
    this.leases.delete(lane);
  }

  learn(key, at) {
    if (!this.ledger.has(key)) this.ledger.set(key, at);
  }

  lanes() {
    return Array.from(this.leases.keys());
  }

  holds(lane, now) {
    return now >= this.lastSeen && this.leases.has(lane) && now < this.leases.get(lane);
  }

  decide(lane, key, now) {
    const clockOk = now >= this.lastSeen;
    this.lastSeen = Math.max(this.lastSeen, now);
    if (!this.leases.has(lane)) return { kind: 'other-lane', lane };
    if (!clockOk) {
      // The clock went back: every lease is over.
      for (const l of this.leases.keys()) this.leases.set(l, 0);
    }
    if (!this.holds(lane, now)) return { kind: 'lease-lapsed' };
    if (key === null) return { kind: 'admit', key: null };
    if (this.ledger.has(key)) return { kind: 'already', at: this.ledger.get(key) };
    this.ledger.set(key, now);
    return { kind: 'admit', key };
  }

  /** What is kept between visits of the page (the ledger is kept entry by entry). */
  saved() {
    return { leases: Array.from(this.leases.entries()), lastSeen: this.lastSeen };
  }
}
