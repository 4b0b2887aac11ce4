// Enquête canvassing service worker: keeps the canvassing page, its script, the form logic
// (formlogic.wasm), its stylesheet and the survey so that the page opens and works with no signal. Responses are not handled here:
// the page keeps them in IndexedDB and sends them itself.
const CACHE = 'enquete-canvass-v9';
const STATIC = ['/static/canvass.js', '/static/formlogic.wasm', '/static/app.css'];

keepOffline('enquete-canvass-', CACHE, STATIC);

// The page and the survey: the network when there is one (fresh survey versions), the copy
// kept from last time when there is none. Script, form logic and stylesheet: the kept copy
// first (a new version of the worker, with a new cache name, fetches them again).
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const isPage = url.pathname.startsWith('/canvass/') && !url.pathname.endsWith('/sw.js');
  const isSurvey = /^\/api\/v1\/(surveys|assignments)\/\d+$/.test(url.pathname);
  const isStatic = STATIC.includes(url.pathname);
  if (isPage || isSurvey) {
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
  } else if (isStatic) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  }
});
