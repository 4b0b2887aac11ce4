// Shared by Enquête's service workers (served in front of each one): a worker keeps the files
// its page needs in a cache of its own, named `prefix` + a version, and when a new version takes
// over deletes only its own older caches. Caches belong to the whole site, not to a worker's
// scope: deleting every other cache would empty the other workers' (a canvasser's phone keeps
// the canvassing pages and a conversation's).
function keepOffline(prefix, cache, files) {
  self.addEventListener('install', (event) => {
    event.waitUntil(
      caches.open(cache).then((c) => c.addAll(files)).then(() => self.skipWaiting()),
    );
  });
  self.addEventListener('activate', (event) => {
    event.waitUntil(
      caches.keys()
        .then((keys) => Promise.all(keys.filter((k) => k.startsWith(prefix) && k !== cache).map((k) => caches.delete(k))))
        .then(() => self.clients.claim()),
    );
  });
}
