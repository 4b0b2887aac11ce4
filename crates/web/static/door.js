// Check-in at the door, on a phone: filters the list as you type (no connection needed), checks
// people in without reloading the page, and when the connection drops keeps the check-ins on
// this phone and sends them when it is back. A check-in sent twice counts once on the server.
(function () {
  'use strict';
  const list = document.getElementById('door-list');
  if (!list) return;
  const filter = document.getElementById('door-filter');
  const nobody = document.getElementById('door-nobody');
  const queueNote = document.getElementById('door-queue');
  const present = document.getElementById('door-present');
  const key = 'enquete-door:' + location.pathname;
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

  document.getElementById('door-search').addEventListener('submit', (e) => e.preventDefault());
  filter.addEventListener('input', () => {
    const q = fold(filter.value.trim());
    let any = false;
    for (const li of list.children) {
      const name = fold(li.querySelector('.door-name').textContent);
      const show = !q || q.split(/\s+/).every((w) => name.includes(w));
      li.hidden = !show;
      any = any || show;
    }
    nobody.hidden = any;
  });

  const load = () => { try { return JSON.parse(localStorage.getItem(key) || '[]'); } catch (_) { return []; } };
  const save = (q) => localStorage.setItem(key, JSON.stringify(q));

  function showQueue() {
    const n = load().length;
    const refused = JSON.parse(localStorage.getItem(key + ':refused') || '[]');
    const parts = [];
    if (n > 0) parts.push(n === 1 ? queueNote.dataset.one : queueNote.dataset.text.replace('{n}', String(n)));
    if (refused.length > 0) parts.push(queueNote.dataset.refused + ' ' + refused.join(', '));
    queueNote.hidden = parts.length === 0;
    queueNote.textContent = parts.join(' ');
  }

  function markPresent(form, text) {
    const li = form.closest('li');
    const badge = document.createElement('span');
    badge.className = 'badge ok';
    badge.textContent = text;
    li.classList.add('present');
    form.replaceWith(badge);
  }

  // 'sent', 'refused' or 'offline'.
  async function send(action, body) {
    try {
      const res = await fetch(action, {
        method: 'POST',
        body: new URLSearchParams(body),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      if (res.ok) return 'sent';
      return res.status >= 500 ? 'offline' : 'refused';
    } catch (_) {
      return 'offline';
    }
  }

  // The page's own CSRF token: a check-in kept from before a new login is sent with it.
  const csrf = () => (list.querySelector('input[name=csrf]') || document.querySelector('input[name=csrf]') || {}).value;
  const failedKey = key + ':refused';

  async function flush() {
    const q = load();
    if (q.length === 0) return;
    const left = [];
    const refused = JSON.parse(localStorage.getItem(failedKey) || '[]');
    for (const item of q) {
      const token = csrf();
      const r = await send(item.action, token ? { ...item.body, csrf: token } : item.body);
      if (r === 'offline') left.push(item);
      // Refused (the person is no longer in scope, the action was cancelled): said, not lost.
      if (r === 'refused') refused.push(item.name || item.body.person);
    }
    save(left);
    localStorage.setItem(failedKey, JSON.stringify(refused));
    showQueue();
  }

  for (const form of list.querySelectorAll('form.door-checkin')) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      const body = Object.fromEntries(new FormData(form));
      const r = await send(form.action, body);
      if (r === 'sent') {
        markPresent(form, list.dataset.present);
        present.textContent = String(Number(present.textContent) + 1);
      } else if (r === 'offline') {
        const q = load();
        q.push({ action: form.action, body, name: form.closest('li').querySelector('.door-name').textContent.trim() });
        save(q);
        showQueue();
        markPresent(form, list.dataset.saved);
        present.textContent = String(Number(present.textContent) + 1);
      } else {
        button.disabled = false;
        button.textContent = list.dataset.error;
      }
    });
  }

  window.addEventListener('online', flush);
  setInterval(flush, 15000);
  showQueue();
  flush();
})();
