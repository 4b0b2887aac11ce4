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

  // ---------- the form's logic: the server's own code, compiled to WebAssembly ----------
  // crates/formlogic: `evaluate` takes {definition, answers, today, now_ms, language} as JSON and
  // gives the FormState the server computes for the same answers (which questions are asked,
  // calculations, constraints, choice filters, the rows a repeat has).
  let logic = null;
  let definitionJson = '';
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  async function loadLogic() {
    const res = await fetch('/static/formlogic.wasm', { credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const { instance } = await WebAssembly.instantiate(await res.arrayBuffer(), {});
    logic = instance.exports;
  }

  // Days since 1970-01-01 where the canvasser is (what `today()` means on a phone).
  function localToday() {
    const now = new Date();
    return Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
  }

  function evaluate(current) {
    if (!logic) return null;
    const request = `{"definition":${definitionJson},"answers":${JSON.stringify(current)},"today":${localToday()},"now_ms":${Date.now()},"language":${JSON.stringify(formLang)}}`;
    const bytes = encoder.encode(request);
    const ptr = logic.alloc(bytes.length);
    new Uint8Array(logic.memory.buffer, ptr, bytes.length).set(bytes);
    const packed = BigInt.asUintN(64, BigInt(logic.evaluate(ptr, bytes.length)));
    logic.dealloc(ptr, bytes.length);
    const outPtr = Number(packed >> 32n);
    const outLen = Number(packed & 0xffffffffn);
    const out = JSON.parse(decoder.decode(new Uint8Array(logic.memory.buffer, outPtr, outLen)));
    logic.dealloc(outPtr, outLen);
    return out.error ? null : out;
  }

  // ---------- the form ----------
  const uiLanguages = { nl: 'Nederlands', fr: 'Français', de: 'Deutsch', en: 'English' };
  let formLang = lang;
  // The text in the form language picked, else the interface's, else English, else any.
  const label = (labels) => {
    if (!labels) return '';
    const pick = [formLang, lang, 'en', 'default'].find((k) => labels[k] && labels[k].trim());
    return pick ? labels[pick] : (Object.values(labels).find((v) => v && v.trim()) || '');
  };
  const el = (tag, attrs, children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'text' ? (e.textContent = v) : e.setAttribute(k, v)));
    (children || []).forEach((c) => e.appendChild(c));
    return e;
  };
  const def = () => survey.definition;
  const gpath = (g) => (g.parent ? `${g.parent}/${g.name}` : g.name);
  const qkey = (q) => (q.group ? `${q.group}/${q.name}` : q.name);
  const asked = (q) => !['note', 'calculate', 'metadata'].includes(q.type);
  const blank = (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);

  // The response being filled in, keyed as the server reads it: `group/path/name`, a repeat's
  // rows (objects with the same full keys) under the repeat's path.
  let answers = {};
  let state = null;
  // A save was tried: unanswered required questions are marked from then on.
  let tried = false;

  // `hh/members[2]/age`: the key with the row (from 1) of each repeat the cursor is in.
  function instancePath(key, cursor) {
    let so = '';
    return key.split('/').map((part) => {
      so = so ? `${so}/${part}` : part;
      const c = cursor.find(([rp]) => rp === so);
      return c ? `${part}[${c[1] + 1}]` : part;
    }).join('/');
  }
  // The answers of the row a cursor ([[repeat path, row index]...]) points at.
  function rowAt(cursor) {
    let row = answers;
    for (const [rp, i] of cursor) {
      const rows = row[rp];
      if (!Array.isArray(rows) || !rows[i] || typeof rows[i] !== 'object') return null;
      row = rows[i];
    }
    return row;
  }
  const domId = (path) => 'q-' + path.replace(/[^A-Za-z0-9_-]/g, '_');

  // The groups and questions directly in `parent` (a group path, or null), in document order.
  function itemsOf(parent) {
    const items = [];
    def().groups.forEach((g, gi) => { if ((g.parent || null) === parent) items.push({ at: g.at, order: 0, gi, g }); });
    def().questions.forEach((q, qi) => { if ((q.group || null) === parent) items.push({ at: qi, order: 1, gi: 0, q }); });
    return items.sort((a, b) => a.at - b.at || a.order - b.order || a.gi - b.gi);
  }

  function renderScope(container, parent, cursor) {
    for (const item of itemsOf(parent)) {
      if (item.q) {
        const box = renderQuestion(item.q, cursor);
        if (box) container.appendChild(box);
      } else if (item.g.repeat) {
        container.appendChild(renderRepeat(item.g, cursor));
      } else {
        const path = gpath(item.g);
        const name = label(item.g.label);
        const box = el(name ? 'fieldset' : 'div', { class: 'group', 'data-group': instancePath(path, cursor) });
        if (name) box.appendChild(el('legend', { text: name }));
        renderScope(box, path, cursor);
        container.appendChild(box);
      }
    }
  }

  // A repeat: its rows, each with its questions, and buttons to add and remove rows (unless the
  // form fixes how many there are).
  function renderRepeat(g, cursor) {
    const path = gpath(g);
    const name = label(g.label) || g.name;
    const box = el('fieldset', { class: 'repeat', 'data-repeat': instancePath(path, cursor) });
    box._g = g;
    box._cursor = cursor;
    box.appendChild(el('legend', { text: name }));
    box.appendChild(el('div', { class: 'rows' }));
    const add = el('button', { type: 'button', class: 'add-row', text: t('add-row', name) });
    add.addEventListener('click', () => {
      const parent = rowAt(cursor);
      if (!parent) return;
      parent[path] = (Array.isArray(parent[path]) ? parent[path] : []).concat([{}]);
      fillRows(box);
      changed();
      const rows = box.querySelectorAll(':scope > .rows > .row');
      const first = rows[rows.length - 1]?.querySelector('input, select, textarea, button:not(.remove-row)');
      if (first) first.focus();
    });
    box.appendChild(add);
    fillRows(box);
    return box;
  }

  function fillRows(box) {
    const g = box._g;
    const cursor = box._cursor;
    const path = gpath(g);
    const name = label(g.label) || g.name;
    const holder = box.querySelector(':scope > .rows');
    holder.textContent = '';
    const parent = rowAt(cursor);
    const rows = parent && Array.isArray(parent[path]) ? parent[path] : [];
    const fixed = Boolean(g.repeat_count);
    rows.forEach((_, i) => {
      const c = cursor.concat([[path, i]]);
      const row = el('fieldset', { class: 'row', 'data-row': instancePath(path, c) });
      row.appendChild(el('legend', { text: `${name} · ${t('row', i + 1)}` }));
      renderScope(row, path, c);
      if (!fixed) {
        const remove = el('button', { type: 'button', class: 'remove-row', text: t('remove-row', i + 1) });
        remove.addEventListener('click', () => {
          const list = rowAt(cursor)?.[path];
          if (Array.isArray(list)) list.splice(i, 1);
          fillRows(box);
          changed();
          box.querySelector(':scope > .add-row').focus();
        });
        row.appendChild(remove);
      }
      holder.appendChild(row);
    });
    box.querySelector(':scope > .add-row').hidden = fixed;
  }

  function renderQuestion(q, cursor) {
    if (q.type === 'calculate' || q.type === 'metadata') return null;
    const path = instancePath(qkey(q), cursor);
    const id = domId(path);
    const attrs = { class: 'question', 'data-name': q.name, 'data-type': q.type, 'data-path': path, id };
    if (q.type === 'note') {
      const note = el('div', { ...attrs, class: 'question note' }, [el('p', { text: label(q.label) })]);
      if (q.hint && Object.keys(q.hint).length) note.appendChild(el('p', { class: 'muted', text: label(q.hint) }));
      note._q = q;
      note._cursor = cursor;
      return note;
    }
    const box = el('fieldset', attrs);
    box._q = q;
    box._cursor = cursor;
    // The legend names the box to type in too (a fieldset's legend alone does not).
    const labelId = `label-${id}`;
    box.appendChild(el('legend', { id: labelId, text: (label(q.label) || q.name) + (q.required ? ' *' : '') }));
    if (q.hint && Object.keys(q.hint).length) box.appendChild(el('p', { class: 'muted', text: label(q.hint) }));
    const name = `q_${id}`;
    const by = { 'aria-labelledby': labelId };
    const minimal = /\bminimal\b/.test(q.appearance || '');
    const calculated = Boolean(q.calculation);
    if (calculated) {
      box.appendChild(el('input', { type: 'text', readonly: '', class: 'calculated', ...by }));
    } else if (q.type === 'single_choice' && minimal) {
      const select = el('select', { name, ...by }, [el('option', { value: '', text: t('choose', 0) })]);
      q.choices.forEach((c) => select.appendChild(el('option', { value: c.name, text: label(c.label) || c.name })));
      box.appendChild(select);
    } else if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'ranking') {
      const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
      if (q.type === 'ranking') box.appendChild(el('p', { class: 'muted', text: t('rank-hint', q.max) }));
      q.choices.forEach((c) => {
        const input = el('input', { type, name, value: c.name });
        box.appendChild(el('label', { class: 'choice' }, [input, el('span', { class: 'rank' }), el('span', { text: ' ' + (label(c.label) || c.name) })]));
      });
      if (q.type === 'ranking') {
        // On `input`, in the capture phase: the order is known before the answer is read.
        box.addEventListener('input', (ev) => {
          const order = JSON.parse(box.dataset.order || '[]').filter((v) => v !== ev.target.value);
          if (ev.target.checked) {
            if (order.length >= q.max) { ev.target.checked = false; } else { order.push(ev.target.value); }
          }
          box.dataset.order = JSON.stringify(order);
          showRanks(box, order);
        }, true);
      }
    } else if (q.type === 'scale') {
      const row = el('div', { class: 'scale' });
      for (let v = q.min; v <= q.max; v++) {
        row.appendChild(el('label', {}, [el('input', { type: 'radio', name, value: String(v) }), el('span', { text: String(v) })]));
      }
      box.appendChild(row);
    } else if (q.type === 'number') {
      const a = { type: 'number', name, inputmode: 'numeric', step: '1', ...by };
      if (q.min !== null && q.min !== undefined) a.min = String(q.min);
      if (q.max !== null && q.max !== undefined) a.max = String(q.max);
      box.appendChild(el('input', a));
    } else if (q.type === 'decimal') {
      box.appendChild(el('input', { type: 'text', name, inputmode: 'decimal', autocomplete: 'off', ...by }));
    } else if (q.type === 'date' || q.type === 'time') {
      box.appendChild(el('input', { type: q.type, name, ...by }));
    } else if (q.type === 'date_time') {
      box.appendChild(el('input', { type: 'datetime-local', name, ...by }));
    } else if (q.type === 'geopoint') {
      const out = el('output', { id: `${id}-at`, 'aria-live': 'polite' });
      const locate = el('button', { type: 'button', class: 'locate', text: t('record-position', 0), 'aria-describedby': out.id });
      locate.addEventListener('click', () => recordPosition(box, out));
      box.appendChild(el('p', {}, [locate]));
      box.appendChild(out);
    } else if (q.type === 'geotrace' || q.type === 'geoshape') {
      box.appendChild(el('p', { class: 'muted', id: `${id}-points`, text: t('points-hint', 0) }));
      box.appendChild(el('input', { type: 'text', name, autocomplete: 'off', ...by, 'aria-describedby': `${id}-points` }));
    } else if (q.type === 'acknowledge') {
      box.appendChild(el('label', { class: 'choice' }, [el('input', { type: 'checkbox', name, value: 'OK' }), el('span', { text: t('acknowledge', 0) })]));
    } else if (q.type === 'media') {
      const accept = { image: 'image/*', audio: 'audio/*', video: 'video/*' }[q.media];
      box.appendChild(el('input', { type: 'file', name, ...by, ...(accept ? { accept } : {}) }));
    } else if (q.type === 'text' && !/\bmultiline\b/.test(q.appearance || '') && q.max_length <= 200) {
      box.appendChild(el('input', { type: 'text', name, maxlength: String(q.max_length), ...by }));
    } else {
      // Text (long, or multiline), barcodes: a box to type in.
      const a = { name, rows: '3', ...by };
      if (q.max_length) a.maxlength = String(q.max_length);
      box.appendChild(el('textarea', a));
    }
    if (q.read_only && !calculated) box.querySelectorAll('input, select, textarea, button').forEach((i) => { i.disabled = true; });
    box.addEventListener('input', () => onAnswer(box));
    box.addEventListener('change', () => onAnswer(box));
    setWidget(box, rowAt(cursor)?.[qkey(q)]);
    return box;
  }

  function showRanks(box, order) {
    box.querySelectorAll('label.choice').forEach((row) => {
      const i = order.indexOf(row.querySelector('input').value);
      row.querySelector('.rank').textContent = i >= 0 ? String(i + 1) : '';
    });
  }

  function recordPosition(box, out) {
    if (!navigator.geolocation) { out.textContent = t('position-failed', '—'); return; }
    out.textContent = t('locating', 0);
    navigator.geolocation.getCurrentPosition((pos) => {
      const c = pos.coords;
      box.dataset.value = `${c.latitude} ${c.longitude} ${c.altitude ?? 0} ${c.accuracy}`;
      showPosition(box);
      onAnswer(box);
    }, (err) => {
      out.textContent = t('position-failed', err.message || err.code);
    }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  }

  function showPosition(box) {
    const out = box.querySelector('output');
    const parts = (box.dataset.value || '').split(' ').map(Number);
    out.textContent = parts.length >= 2 && box.dataset.value
      ? t('position', `${parts[0].toFixed(6)}, ${parts[1].toFixed(6)} (± ${Math.round(parts[3] || 0)} m)`)
      : '';
  }

  // The answer a question's widgets hold now (undefined when none); `bad` when what was typed
  // cannot be the kind of answer asked.
  function readWidget(box) {
    const q = box._q;
    const checked = () => Array.from(box.querySelectorAll('input:checked')).map((i) => i.value);
    const typed = () => (box.querySelector('input:not([type=file]), textarea, select')?.value || '').trim();
    delete box.dataset.bad;
    switch (q.type) {
      case 'single_choice': return box.querySelector('select') ? (typed() || undefined) : checked()[0];
      case 'multiple_choice': return checked().length ? checked() : undefined;
      case 'ranking': { const o = JSON.parse(box.dataset.order || '[]'); return o.length ? o : undefined; }
      case 'scale': return checked().length ? Number(checked()[0]) : undefined;
      case 'acknowledge': return checked().length ? 'OK' : undefined;
      case 'geopoint': return box.dataset.value || undefined;
      case 'media': { const f = box.querySelector('input[type=file]'); return f.files && f.files[0] ? f.files[0].name : (box.dataset.file || undefined); }
      case 'number': case 'decimal': {
        const input = box.querySelector('input');
        const v = input.value.trim().replace(',', '.');
        if (v === '') { if (input.validity && input.validity.badInput) box.dataset.bad = '1'; return undefined; }
        const n = Number(v);
        if (!Number.isFinite(n) || (q.type === 'number' && !Number.isInteger(n))) { box.dataset.bad = '1'; return undefined; }
        return n;
      }
      default: return typed() || undefined;
    }
  }

  function setWidget(box, value) {
    const q = box._q;
    if (q.type === 'note') return;
    const list = Array.isArray(value) ? value.map(String) : (value === undefined ? [] : [String(value)]);
    box.querySelectorAll('input[type=radio], input[type=checkbox]').forEach((i) => { i.checked = list.includes(i.value); });
    if (q.type === 'ranking') { box.dataset.order = JSON.stringify(list); showRanks(box, list); }
    if (q.type === 'geopoint') { box.dataset.value = list[0] || ''; showPosition(box); }
    if (q.type === 'media') {
      box.dataset.file = list[0] || '';
      if (!list.length) box.querySelector('input[type=file]').value = '';
      return;
    }
    const field = box.querySelector('input:not([type=radio]):not([type=checkbox]), select, textarea');
    if (field && document.activeElement !== field) field.value = list[0] || '';
    if (field && field.readOnly) field.value = list[0] || '';
  }

  function onAnswer(box) {
    const q = box._q;
    if (q.calculation) return;
    const row = rowAt(box._cursor);
    if (!row) return;
    const value = readWidget(box);
    if (value === undefined) delete row[qkey(q)]; else row[qkey(q)] = value;
    changed();
  }

  // Runs the form's logic over the answers and shows what it says; a few times over when rows
  // or choices change what is asked.
  function changed() {
    for (let pass = 0; pass < 4; pass++) {
      state = evaluate(answers);
      if (!state) break;
      answers = state.answers;
      let again = false;
      for (const box of form.querySelectorAll('fieldset.repeat')) {
        const node = state.nodes[box.dataset.repeat];
        const parent = rowAt(box._cursor);
        if (!node || node.rows === undefined || !parent) continue;
        const path = gpath(box._g);
        const rows = Array.isArray(parent[path]) ? parent[path] : [];
        if (rows.length !== node.rows) {
          parent[path] = rows.slice(0, node.rows).concat(Array.from({ length: Math.max(0, node.rows - rows.length) }, () => ({})));
          fillRows(box);
          again = true;
        }
      }
      for (const box of form.querySelectorAll('.question')) {
        const node = state.nodes[box.dataset.path];
        const row = rowAt(box._cursor);
        const key = qkey(box._q);
        if (node && node.choices && row && row[key] !== undefined) {
          const kept = Array.isArray(row[key]) ? row[key].filter((c) => node.choices.includes(c)) : row[key];
          if (Array.isArray(kept) ? kept.length !== row[key].length : !node.choices.includes(String(kept))) {
            if (Array.isArray(kept) && kept.length) row[key] = kept; else delete row[key];
            again = true;
          }
        }
      }
      if (!again) break;
    }
    show();
  }

  // Shows the logic's verdict: questions and groups asked, choices left, calculated values,
  // broken constraints, and (once a save was tried) required questions still unanswered.
  function show() {
    for (const box of form.querySelectorAll('.question')) {
      const q = box._q;
      const node = state ? state.nodes[box.dataset.path] : null;
      box.hidden = Boolean(node && !node.relevant);
      const value = rowAt(box._cursor)?.[qkey(q)];
      if (q.calculation) setWidget(box, node && node.value ? node.value : value);
      else if (box.hidden || value === undefined) { if (!box.dataset.bad) setWidget(box, value); }
      if (node && node.choices) {
        box.querySelectorAll('label.choice').forEach((l) => { l.hidden = !node.choices.includes(l.querySelector('input').value); });
        box.querySelectorAll('option').forEach((o) => { if (o.value) { o.hidden = !node.choices.includes(o.value); o.disabled = o.hidden; } });
      }
      if (q.type !== 'note') markBox(box, problemOf(box));
    }
    for (const g of form.querySelectorAll('.group, fieldset.repeat')) {
      const any = g.querySelector('.question');
      g.hidden = Boolean(any) && !g.querySelector('.question:not([hidden])');
    }
    document.getElementById('contact').hidden = answers.contact !== 'yes';
    const problems = problemBoxes();
    const missing = problems.filter(([, p]) => p === 'missing');
    const invalid = problems.filter(([, p]) => p === 'invalid');
    const names = (list) => list.map(([b]) => label(b._q.label) || b._q.name).join(' · ');
    const lines = [];
    if (missing.length) lines.push(t('missing', missing.length) + ' ' + names(missing));
    if (invalid.length) lines.push(t('invalid', invalid.length) + ' ' + names(invalid));
    formStatus.textContent = lines.join(' ');
  }

  // What is wrong with a question's answer now: 'invalid', 'missing' (only after a save was
  // tried), or null.
  function problemOf(box) {
    if (box.hidden) return null;
    const q = box._q;
    const node = state ? state.nodes[box.dataset.path] : null;
    if (box.dataset.bad || (node && node.invalid)) return 'invalid';
    const required = node ? node.required : q.required;
    if (tried && required && asked(q) && !q.calculation && blank(rowAt(box._cursor)?.[qkey(q)])) return 'missing';
    return null;
  }

  function problemBoxes() {
    return Array.from(form.querySelectorAll('fieldset.question'))
      .map((b) => [b, problemOf(b)])
      .filter(([, p]) => p);
  }

  function markBox(box, problem) {
    const old = box.querySelector(':scope > .field-error');
    if (old) old.remove();
    box.removeAttribute('aria-invalid');
    box.removeAttribute('aria-describedby');
    if (!problem) return;
    const q = box._q;
    const text = problem === 'invalid'
      ? (label(q.constraint_message) || t('constraint', 0))
      : (label(q.required_message) || t('answer-this', 0));
    const note = el('p', { class: 'field-error', id: `problem-${box.id}`, text });
    box.querySelector('legend').after(note);
    box.setAttribute('aria-invalid', 'true');
    box.setAttribute('aria-describedby', note.id);
  }

  // Every language the form's labels are written in.
  function formLanguages() {
    const keys = new Set();
    const add = (l) => Object.keys(l || {}).forEach((k) => keys.add(k));
    add(def().title);
    def().questions.forEach((q) => { add(q.label); add(q.hint); (q.choices || []).forEach((c) => add(c.label)); });
    def().groups.forEach((g) => add(g.label));
    return Array.from(keys);
  }

  function languagePicker() {
    const keys = formLanguages();
    const box = document.getElementById('form-language-box');
    if (keys.length < 2) return;
    if (!keys.includes(formLang)) formLang = keys.includes('en') ? 'en' : keys[0];
    const select = document.getElementById('form-language');
    select.textContent = '';
    keys.forEach((k) => select.appendChild(el('option', {
      value: k,
      text: (def().languages && def().languages[k]) || uiLanguages[k] || (k === 'default' ? t('language-default', 0) : k),
    })));
    select.value = formLang;
    select.addEventListener('change', () => { formLang = select.value; render(); });
    box.hidden = false;
  }

  // Filled in by the phone: when the form was opened, the day, this phone's id.
  function fillMetadata(at) {
    for (const q of def().questions) {
      if (q.type !== 'metadata' || q.group) continue;
      const now = new Date();
      const value = {
        start: answers[q.name] || now.toISOString(),
        end: at === 'end' ? now.toISOString() : answers[q.name],
        today: new Date(localToday() * 86400000).toISOString().slice(0, 10),
        deviceid: deviceId(),
      }[q.what];
      if (value) answers[q.name] = value;
    }
  }
  function deviceId() {
    try {
      let id = localStorage.getItem('enquete-device');
      if (!id) { id = uuidv7(); localStorage.setItem('enquete-device', id); }
      return id;
    } catch (e) { return undefined; }
  }

  function render() {
    const questions = document.getElementById('questions');
    questions.textContent = '';
    renderScope(questions, null, []);
    document.getElementById('survey-title').textContent = label(def().title);
    form.hidden = false;
    changed();
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

  const formStatus = document.getElementById('form-status');

  // Saved only when the logic finds nothing wrong: no broken constraint, no required question
  // unanswered. The first problem gets the focus; each is marked where it is.
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    tried = true;
    fillMetadata('end');
    changed();
    const problems = problemBoxes();
    if (problems.length) {
      const first = problems[0][0];
      first.scrollIntoView({ block: 'center' });
      const input = first.querySelector('input, textarea, select, button');
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
      answers: JSON.parse(JSON.stringify(answers)),
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
    for (const id of ['contact-name', 'contact-phone', 'contact-email']) document.getElementById(id).value = '';
    answers = {};
    tried = false;
    fillMetadata('start');
    render();
    statusLine.textContent = t('saved', 0);
    await showCounts();
    sync();
    window.scrollTo(0, 0);
  });

  // ---------- sending ----------
  let syncing = false;
  let syncAgain = false;
  // A send that has not answered in this time is given up: at the edge of the signal a request
  // can hang for minutes, and while it hangs nothing else would be sent.
  const SEND_TIMEOUT_MS = 30000;
  const send = (url, body) => fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  async function sync() {
    // Asked again while a send is under way (the signal came back): send once more after it.
    if (syncing) { syncAgain = true; return; }
    syncing = true;
    syncAgain = false;
    try {
      let pending = await allPending();
      while (pending.length) {
        const batch = pending.slice(0, 50);
        let res;
        try {
          res = await send('/api/v1/responses:batch', { responses: batch.map(strip) });
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
          res = await send('/api/v1/visits:batch', { visits: batch.map(strip) });
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
      if (syncAgain) setTimeout(sync, 0);
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
        const cache = await caches.open('enquete-canvass-v9');
        await cache.put(surveyUrl, res.clone());
        await cache.add(location.pathname + location.search);
      } catch (e) { /* the page still works while it stays open */ }
    }
    survey = await res.json();
    // Empty lists are left out of the JSON.
    survey.definition.groups = survey.definition.groups || [];
    survey.definition.languages = survey.definition.languages || {};
    definitionJson = JSON.stringify(survey.definition);
    try {
      await loadLogic();
    } catch (e) {
      // The server still checks every response; the page shows every question meanwhile.
      statusLine.textContent = t('logic-failed', e.message);
    }
    if (assignmentId) {
      const url = `/api/v1/assignments/${assignmentId}`;
      try {
        const a = await fetch(url, { credentials: 'same-origin' });
        if (a.ok) {
          if ('caches' in window && navigator.onLine) {
            try { await (await caches.open('enquete-canvass-v9')).put(url, a.clone()); } catch (e) { /* fine */ }
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
    languagePicker();
    fillMetadata('start');
    render();
    await showCounts();
    sync();
  }
  window.addEventListener('online', sync);
  setInterval(sync, 15000);
  start();
})();
