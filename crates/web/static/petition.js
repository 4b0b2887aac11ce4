// Keeps the signature count on a public petition page current, every 15 seconds while the
// page is visible. Without this script the page shows the count as it was when it loaded.
(function () {
  var el = document.getElementById("count");
  if (!el || !window.fetch) return;
  var url = el.getAttribute("data-source");
  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && typeof body.count === "number") el.textContent = new Intl.NumberFormat(document.documentElement.lang || undefined).format(body.count); })
      .catch(function () {});
  }
  setInterval(refresh, 15000);
  document.addEventListener("visibilitychange", refresh);
})();
