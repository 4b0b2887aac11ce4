// Enquête conversation service worker: keeps the public page of a conversation, its script and
// stylesheet, so that a phone opens it and takes votes with no signal. Votes are not handled
// here: the page keeps them and sends them itself.
const CACHE = 'enquete-conversation-v1';
const STATIC = ['/static/conversation.js', '/static/app.css'];

keepOffline('enquete-conversation-', CACHE, STATIC);

// The page: the network when there is one (new statements), the copy kept from last time when
// there is none or when the network has not answered in 4 seconds (a weak signal). Script and
// stylesheet: the same.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const isPage = /^\/c\/[A-Za-z0-9_-]+$/.test(url.pathname) && url.pathname !== '/c/sw.js';
  if (!isPage && !STATIC.includes(url.pathname)) return;
  const network = fetch(event.request).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
    }
    return res;
  });
  const slow = new Promise((resolve) => setTimeout(() => resolve(null), 4000));
  event.respondWith(
    Promise.race([network.catch(() => null), slow])
      .then((res) => res || caches.match(url.pathname))
      .then((res) => res || network)
      .catch(() => Response.error()),
  );
});
