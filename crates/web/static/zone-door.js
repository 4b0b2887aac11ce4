// Enquête zone door: one tap per visitor in or out of a hall with a capacity. The phone keeps
// its own counts in all (localStorage) and sends them every few seconds; the server adds every
// door's counts, so the hall says it is full at each of its doors. Sending again, or late,
// changes nothing.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/festivals/gate-sw.js').catch(() => {});
const root = document.getElementById('zone');
const texts = JSON.parse(root.dataset.text);
const zone = root.dataset.zone;
const festival = root.dataset.festival;
const capacity = Number(root.dataset.capacity);
const key = `enquete-zone-${zone}`;
const el = (id) => document.getElementById(id);
const t = (k, n) => (texts[k] || k).split('{n}').join(String(n));

const saved = JSON.parse(localStorage.getItem(key) || 'null') || {
  device: (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)).replace(/[^A-Za-z0-9-]/g, ''),
  name: '',
  ins: 0,
  outs: 0,
};
// What the server last said, plus what this phone counted since.
let server = { occupancy: Number(root.dataset.occupancy), ins: saved.ins, outs: saved.outs };

function save() {
  localStorage.setItem(key, JSON.stringify(saved));
}

function render() {
  const occupancy = Math.max(0, server.occupancy + (saved.ins - server.ins) - (saved.outs - server.outs));
  const full = occupancy >= capacity;
  el('zone-state').dataset.kind = full ? 'refused' : 'admitted';
  el('zone-title').textContent = full ? t('full', occupancy) : t('room', capacity - occupancy);
  el('zone-detail').textContent = `${occupancy} / ${capacity}`;
}

async function send() {
  try {
    const res = await fetch(`/api/v1/festivals/${festival}/zones/${zone}/door`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': root.dataset.csrf },
      body: JSON.stringify({ device: saved.device, door_name: saved.name, ins: saved.ins, outs: saved.outs }),
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(String(res.status));
    const z = await res.json();
    server = { occupancy: z.occupancy, ins: z.ins, outs: z.outs };
    el('zone-sync').textContent = t('synced', new Date().toLocaleTimeString());
  } catch (e) {
    el('zone-sync').textContent = t('offline', saved.ins - server.ins + saved.outs - server.outs);
  }
  render();
}

el('door-name').value = saved.name;
el('door-name').addEventListener('change', () => { saved.name = el('door-name').value.slice(0, 40); save(); });
el('in').addEventListener('click', () => { saved.ins += 1; save(); render(); send(); });
el('out').addEventListener('click', () => { saved.outs += 1; save(); render(); send(); });
render();
send();
setInterval(send, 5000);
root.dataset.ready = 'yes';
