// On logging out, forget the canvassing pages kept for offline use (they hold door addresses
// and this session's form token). Responses not yet sent stay on the phone, marked with who
// recorded them, and go out the next time that person logs in.
(function () {
  'use strict';
  const form = document.querySelector('form[action="/logout"]');
  if (!form || !('caches' in window)) return;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    caches.delete('enquete-canvass-v2').catch(() => false).then(() => form.submit());
  }, { once: true });
})();
