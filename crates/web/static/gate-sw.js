// Enquête gate service worker: keeps the scanner page, its scripts and stylesheet so that a gate
// phone opens the page and checks tickets with no signal. Scans are not handled here: the page
// keeps them in IndexedDB and sends them itself.
const CACHE = 'enquete-gate-v4';
const STATIC = ['/static/gate.js', '/static/gate-rule.mjs', '/static/zone-door.js', '/static/app.css'];

keepOffline('enquete-gate-', CACHE, STATIC);

// The scanner page: the network when there is one (a fresh revocation list), the copy kept
// from last time when there is none. Scripts and stylesheet: the network first too (they are
// small), the kept copy without signal.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const isPage = /^\/festivals\/\d+\/(gate|zones\/\d+)$/.test(url.pathname);
  if (!isPage && !STATIC.includes(url.pathname)) return;
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return res;
      })
      .catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
  );
});
