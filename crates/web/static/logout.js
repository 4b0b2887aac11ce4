// On logging out, forget the pages kept for offline use: the canvassing pages (they hold door
// addresses, the assignment and this session's form token) and the gate scanner's. Every
// version of them: the cache names carry a version that changes with the pages. Responses not
// yet sent stay on the phone, marked with who recorded them, and go out the next time that
// person logs in.
(function () {
  'use strict';
  const form = document.querySelector('form[action="/logout"]');
  if (!form || !('caches' in window)) return;
  const personal = (name) => name.startsWith('enquete-canvass-') || name.startsWith('enquete-gate-');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    caches.keys()
      .then((names) => Promise.all(names.filter(personal).map((n) => caches.delete(n))))
      .catch(() => false)
      .then(() => form.submit());
  }, { once: true });
})();
