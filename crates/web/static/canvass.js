// Enquête canvassing page: works without signal. The survey comes from the server once (and is
// kept by the service worker); every response is stored in IndexedDB first, then sent in
// batches whenever the connection is there. Each response carries its own UUID v7, so sending
// a batch twice never stores anything twice.
(function () {
  'use strict';
  const app = document.getElementById('canvass');
  if (!app) return;
  const surveyId = Number(app.dataset.survey);
  const lang = app.dataset.lang;
  const csrf = app.dataset.csrf;
  // On a shared phone, what one canvasser recorded is sent only while that canvasser is logged in.
  const owner = Number(app.dataset.user);
  const mine = (items) => items.filter((i) => i.owner === owner);
  const strip = ({ owner: _owner, ...rest }) => rest;
  const text = JSON.parse(app.dataset.text);
  // `{n}` filled in; the text for exactly one where the language says it differently.
  const t = (key, n) => (n === 1 && text[key + ':one'] ? text[key + ':one'] : (text[key] || key)).replace('{n}', String(n));
  const statusLine = document.getElementById('sync-status');
  const pendingLine = document.getElementById('pending');
  const form = document.getElementById('response-form');
  const rejectedList = document.getElementById('rejected');
  let survey = null;

  // ---------- storage ----------
  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('enquete-canvass', 2);
      req.onupgradeneeded = () => {
        const names = req.result.objectStoreNames;
        for (const name of ['pending', 'rejected', 'visits']) {
          if (!names.contains(name)) req.result.createObjectStore(name, { keyPath: 'id' });
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function withStore(name, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = fn(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }
  const allPending = () => withStore('pending', 'readonly', (s) => s.getAll()).then(mine);
  const putPending = (r) => withStore('pending', 'readwrite', (s) => s.put(r));
  const dropPending = (ids) => withStore('pending', 'readwrite', (s) => ids.forEach((id) => s.delete(id)));
  const putRejected = (r) => withStore('rejected', 'readwrite', (s) => s.put(r));
  const allRejected = () => withStore('rejected', 'readonly', (s) => s.getAll()).then(mine);
  const allVisits = () => withStore('visits', 'readonly', (s) => s.getAll()).then(mine);
  const putVisit = (v) => withStore('visits', 'readwrite', (s) => s.put(v));
  const dropVisits = (ids) => withStore('visits', 'readwrite', (s) => ids.forEach((id) => s.delete(id)));

  // ---------- doors of an assignment ----------
  const assignmentId = app.dataset.assignment ? Number(app.dataset.assignment) : null;
  let assignment = null;
  const doorSelect = document.getElementById('door');

  function renderDoors() {
    const chosen = doorSelect.value;
    doorSelect.textContent = '';
    doorSelect.appendChild(el('option', { value: '', text: t('assign-no-door', 0) }));
    for (const d of assignment.doors) {
      const mark = d.last_outcome ? ` · ${t('outcome-' + d.last_outcome, 0)}` : '';
      doorSelect.appendChild(el('option', { value: String(d.id), text: d.address + mark }));
    }
    doorSelect.value = chosen;
    const buttons = document.getElementById('outcomes');
    buttons.textContent = '';
    for (const outcome of ['not_home', 'refused', 'come_back']) {
      const b = el('button', { type: 'button', class: 'outcome', 'data-outcome': outcome, text: t('outcome-' + outcome, 0) });
      b.addEventListener('click', () => recordVisit(outcome, null));
      buttons.appendChild(b);
    }
    document.getElementById('doors').hidden = false;
  }

  // The next door nobody has been to yet, after `index` (and then from the start), or null.
  function nextUnvisited(index) {
    const doors = assignment.doors;
    for (let k = 1; k <= doors.length; k++) {
      const d = doors[(index + k) % doors.length];
      if (d.visits === 0) return d;
    }
    return null;
  }

  const doorStatus = document.getElementById('door-status');

  // Notes what happened at the chosen door, on this phone first; says so, and moves on to the
  // next door nobody has been to.
  async function recordVisit(outcome, responseId) {
    const door = Number(doorSelect.value);
    if (!door || !assignment) return;
    await putVisit({ id: uuidv7(), owner, door_id: door, outcome, response_id: responseId, visited_at: Math.floor(Date.now() / 1000) });
    const d = assignment.doors.find((x) => x.id === door);
    if (d) { d.last_outcome = outcome; d.visits += 1; }
    const index = assignment.doors.findIndex((x) => x.id === door);
    renderDoors();
    const next = nextUnvisited(index);
    doorSelect.value = next ? String(next.id) : '';
    const noted = t('outcome-' + outcome, 0) + ' · ' + t('noted', d ? d.address : '');
    doorStatus.textContent = noted + ' ' + (next ? t('next-door', next.address) : t('all-visited', 0));
    await showCounts();
    sync();
  }

  // ---------- ids ----------
  function uuidv7() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    let ms = Date.now();
    for (let i = 5; i >= 0; i--) { bytes[i] = ms % 256; ms = Math.floor(ms / 256); }
    bytes[6] = (bytes[6] & 0x0f) | 0x70;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---------- skip logic (same rules as the server) ----------
  function holds(cond, answers) {
    const a = answers[cond.question];
    const cmp = (x, y) => ({ eq: x === y, ne: x !== y, gt: x > y, ge: x >= y, lt: x < y, le: x <= y })[cond.cmp];
    switch (cond.op) {
      case 'compare':
        if (typeof a === 'number' && typeof cond.value === 'number') return cmp(a, cond.value);
        if (typeof a === 'string' && typeof cond.value === 'string') return cmp(a, cond.value);
        if (typeof a === 'string' && typeof cond.value === 'number') return /^-?\d+$/.test(a) && cmp(Number(a), cond.value);
        if (a === undefined && typeof cond.value === 'string') return cmp('', cond.value);
        return cond.cmp === 'ne';
      case 'selected': return Array.isArray(a) ? a.includes(cond.choice) : a === cond.choice;
      case 'count_selected': return cmp(Array.isArray(a) ? a.length : (typeof a === 'string' ? 1 : 0), cond.value);
      case 'not': return !holds(cond.of, answers);
      case 'and': return cond.all.every((c) => holds(c, answers));
      case 'or': return cond.any.some((c) => holds(c, answers));
      default: return true;
    }
  }

  // ---------- the form ----------
  const label = (labels) => labels[lang] || labels.en || Object.values(labels)[0] || '';
  const el = (tag, attrs, children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v)));
    (children || []).forEach((c) => e.appendChild(c));
    return e;
  };

  function renderQuestion(q) {
    const box = el('fieldset', { class: 'question', 'data-name': q.name, 'data-type': q.type });
    // The legend names the box to type in too (a fieldset's legend alone does not).
    box.appendChild(el('legend', { id: `label-${q.name}`, text: label(q.label) + (q.required ? ' *' : '') }));
    if (q.hint && Object.keys(q.hint).length) box.appendChild(el('p', { class: 'muted', text: label(q.hint) }));
    const name = `q_${q.name}`;
    if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'ranking') {
      const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
      if (q.type === 'ranking') box.appendChild(el('p', { class: 'muted', text: t('rank-hint', q.max) }));
      q.choices.forEach((c) => {
        const input = el('input', { type, name, value: c.name });
        const row = el('label', { class: 'choice' }, [input, el('span', { class: 'rank' }), el('span', { text: ' ' + label(c.label) })]);
        box.appendChild(row);
      });
      if (q.type === 'ranking') {
        box.addEventListener('change', (ev) => {
          const order = JSON.parse(box.dataset.order || '[]').filter((v) => v !== ev.target.value);
          if (ev.target.checked) {
            if (order.length >= q.max) { ev.target.checked = false; } else { order.push(ev.target.value); }
          }
          box.dataset.order = JSON.stringify(order);
          box.querySelectorAll('label.choice').forEach((row) => {
            const v = row.querySelector('input').value;
            const i = order.indexOf(v);
            row.querySelector('.rank').textContent = i >= 0 ? String(i + 1) : '';
          });
        });
      }
    } else if (q.type === 'scale') {
      const row = el('div', { class: 'scale' });
      for (let v = q.min; v <= q.max; v++) {
        row.appendChild(el('label', {}, [el('input', { type: 'radio', name, value: String(v) }), el('span', { text: String(v) })]));
      }
      box.appendChild(row);
    } else if (q.type === 'number') {
      const attrs = { type: 'number', name, inputmode: 'numeric', step: '1', 'aria-labelledby': `label-${q.name}` };
      if (q.min !== null && q.min !== undefined) attrs.min = String(q.min);
      if (q.max !== null && q.max !== undefined) attrs.max = String(q.max);
      box.appendChild(el('input', attrs));
    } else {
      box.appendChild(el('textarea', { name, rows: '3', maxlength: String(q.max_length), 'aria-labelledby': `label-${q.name}` }));
    }
    return box;
  }

  // The answer to one question as the form holds it now, or undefined.
  function answerOf(q) {
    const box = form.querySelector(`fieldset[data-name="${q.name}"]`);
    if (!box) return undefined;
    const name = `q_${q.name}`;
    if (q.type === 'single_choice') {
      const c = box.querySelector(`input[name="${name}"]:checked`);
      return c ? c.value : undefined;
    }
    if (q.type === 'multiple_choice') {
      const list = Array.from(box.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value);
      return list.length ? list : undefined;
    }
    if (q.type === 'ranking') {
      const order = JSON.parse(box.dataset.order || '[]');
      return order.length ? order : undefined;
    }
    if (q.type === 'scale') {
      const c = box.querySelector(`input[name="${name}"]:checked`);
      return c ? Number(c.value) : undefined;
    }
    if (q.type === 'number') {
      const v = box.querySelector('input').value.trim();
      return v === '' ? undefined : Number(v);
    }
    const v = box.querySelector('textarea').value.trim();
    return v === '' ? undefined : v;
  }

  // The answers to the questions shown (hidden ones were not asked).
  function answersNow() {
    const answers = {};
    for (const q of survey.definition.questions) {
      const box = form.querySelector(`fieldset[data-name="${q.name}"]`);
      if (!box || box.hidden) continue;
      const value = answerOf(q);
      if (value !== undefined) answers[q.name] = value;
    }
    return answers;
  }

  // Shows each question only when its skip logic holds for the answers to the questions before
  // it that are shown: one pass in question order, the same rule the server applies.
  function applySkipLogic() {
    const shown = {};
    for (const q of survey.definition.questions) {
      const box = form.querySelector(`fieldset[data-name="${q.name}"]`);
      const cond = survey.conditions[q.name];
      const visible = !cond || holds(cond, shown);
      if (box) box.hidden = !visible;
      if (visible) {
        const value = answerOf(q);
        if (value !== undefined) shown[q.name] = value;
      }
    }
    document.getElementById('contact').hidden = shown.contact !== 'yes';
  }

  function render() {
    const questions = document.getElementById('questions');
    questions.textContent = '';
    survey.definition.questions.forEach((q) => questions.appendChild(renderQuestion(q)));
    document.getElementById('survey-title').textContent = label(survey.definition.title);
    form.hidden = false;
    form.addEventListener('change', applySkipLogic);
    form.addEventListener('input', applySkipLogic);
    applySkipLogic();
  }

  async function showCounts() {
    const pending = await allPending();
    pendingLine.textContent = t('pending', pending.length);
    pendingLine.dataset.count = String(pending.length);
    const visits = await allVisits();
    const visitsLine = document.getElementById('visits-pending');
    visitsLine.textContent = visits.length ? t('visits-pending', visits.length) : '';
    visitsLine.dataset.count = String(visits.length);
    const rejected = await allRejected();
    rejectedList.textContent = '';
    rejected.forEach((r) => rejectedList.appendChild(el('li', { text: `${r.reason}` })));
  }

  // The required questions shown and not answered, in the order of the form.
  function missingRequired(answers) {
    return survey.definition.questions.filter((q) => {
      const box = form.querySelector(`fieldset[data-name="${q.name}"]`);
      return q.required && box && !box.hidden && answers[q.name] === undefined;
    });
  }

  const formStatus = document.getElementById('form-status');

  // Marks each unanswered required question where it is, and says so beside the Save button.
  function markMissing(missing) {
    form.querySelectorAll('fieldset.question').forEach((box) => {
      box.removeAttribute('aria-invalid');
      box.removeAttribute('aria-describedby');
      const old = box.querySelector('.field-error');
      if (old) old.remove();
    });
    for (const q of missing) {
      const box = form.querySelector(`fieldset[data-name="${q.name}"]`);
      const note = el('p', { class: 'field-error', id: `missing-${q.name}`, text: t('answer-this', 0) });
      box.querySelector('legend').after(note);
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', note.id);
    }
    formStatus.textContent = missing.length
      ? t('missing', missing.length) + ' ' + missing.map((q) => label(q.label)).join(' · ')
      : '';
  }

  form.addEventListener('change', () => {
    if (formStatus.textContent) markMissing(missingRequired(answersNow()));
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    applySkipLogic();
    const answers = answersNow();
    const missing = missingRequired(answers);
    markMissing(missing);
    if (missing.length) {
      const first = form.querySelector(`fieldset[data-name="${missing[0].name}"]`);
      first.scrollIntoView({ block: 'center' });
      const input = first.querySelector('input, textarea, select');
      if (input) input.focus({ preventScroll: true });
      return;
    }
    const response = {
      id: uuidv7(),
      owner,
      survey_id: survey.id,
      version: survey.version,
      unit_id: Number(document.getElementById('unit').value),
      channel: document.getElementById('channel').value,
      collected_at: Math.floor(Date.now() / 1000),
      answers,
    };
    if (answers.contact === 'yes') {
      const name = document.getElementById('contact-name').value.trim();
      if (name) {
        response.contact = {
          name,
          phone: document.getElementById('contact-phone').value.trim() || null,
          email: document.getElementById('contact-email').value.trim() || null,
          consent: true,
        };
      }
    }
    await putPending(response);
    if (assignment && doorSelect.value) {
      await recordVisit('answered', response.id);
    }
    form.reset();
    form.querySelectorAll('fieldset[data-order]').forEach((b) => { b.dataset.order = '[]'; });
    form.querySelectorAll('.rank').forEach((r) => { r.textContent = ''; });
    applySkipLogic();
    statusLine.textContent = t('saved', 0);
    await showCounts();
    sync();
    window.scrollTo(0, 0);
  });

  // ---------- sending ----------
  let syncing = false;
  async function sync() {
    if (syncing) return;
    syncing = true;
    try {
      let pending = await allPending();
      while (pending.length) {
        const batch = pending.slice(0, 50);
        let res;
        try {
          res = await fetch('/api/v1/responses:batch', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
            body: JSON.stringify({ responses: batch.map(strip) }),
            credentials: 'same-origin',
          });
        } catch (e) {
          statusLine.textContent = t('offline', pending.length);
          return;
        }
        if (!res.ok) {
          statusLine.textContent = t('server-problem', res.status);
          return;
        }
        const body = await res.json();
        const done = [];
        for (const r of body.results) {
          done.push(r.id);
          if (r.status === 'rejected') {
            const original = batch.find((b) => b.id === r.id) || { id: r.id };
            await putRejected({ ...original, reason: `${r.error.field}: ${r.error.message}` });
          }
        }
        await dropPending(done);
        statusLine.textContent = t('sent', done.length);
        pending = await allPending();
      }
      let visits = await allVisits();
      while (visits.length) {
        const batch = visits.slice(0, 100);
        let res;
        try {
          res = await fetch('/api/v1/visits:batch', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
            body: JSON.stringify({ visits: batch.map(strip) }),
            credentials: 'same-origin',
          });
        } catch (e) {
          return;
        }
        if (!res.ok) return;
        const body = await res.json();
        for (const r of body.results) {
          if (r.status === 'rejected') {
            const original = batch.find((b) => b.id === r.id) || { id: r.id };
            await putRejected({ ...original, reason: `${r.error.field}: ${r.error.message}` });
          }
        }
        await dropVisits(body.results.map((r) => r.id));
        visits = await allVisits();
      }
    } finally {
      syncing = false;
      await showCounts();
    }
  }

  // ---------- start ----------
  async function start() {
    if ('serviceWorker' in navigator) {
      try { await navigator.serviceWorker.register('/canvass/sw.js', { scope: '/canvass/' }); } catch (e) { /* works without */ }
    }
    const surveyUrl = `/api/v1/surveys/${surveyId}`;
    const res = await fetch(surveyUrl, { credentials: 'same-origin' });
    if (!res.ok) {
      statusLine.textContent = t('no-survey', res.status);
      return;
    }
    // Keep this page and its survey for the next time it is opened without signal (the
    // service worker serves them from here when the network is gone).
    if ('caches' in window && navigator.onLine) {
      try {
        const cache = await caches.open('enquete-canvass-v2');
        await cache.put(surveyUrl, res.clone());
        await cache.add(location.pathname + location.search);
      } catch (e) { /* the page still works while it stays open */ }
    }
    survey = await res.json();
    if (assignmentId) {
      const url = `/api/v1/assignments/${assignmentId}`;
      try {
        const a = await fetch(url, { credentials: 'same-origin' });
        if (a.ok) {
          if ('caches' in window && navigator.onLine) {
            try { await (await caches.open('enquete-canvass-v2')).put(url, a.clone()); } catch (e) { /* fine */ }
          }
          assignment = await a.json();
          document.getElementById('unit').value = String(assignment.unit_id);
          renderDoors();
          // Open on the first door nobody has been to yet.
          const first = nextUnvisited(-1);
          doorSelect.value = first ? String(first.id) : '';
        }
      } catch (e) { /* no doors without the assignment */ }
    }
    render();
    await showCounts();
    sync();
  }
  window.addEventListener('online', sync);
  setInterval(sync, 15000);
  start();
})();
