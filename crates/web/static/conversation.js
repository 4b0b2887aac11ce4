// The public page of a conversation on a phone, at the door or anywhere: the votes are kept on
// the phone first and sent when there is a connection, so a stairwell without signal loses
// nothing. Without this script the form posts as usual.
(() => {
  const form = document.getElementById('vote-form');
  const status = document.getElementById('vote-status');
  if (!form || !status) return;
  const token = form.dataset.token;
  const queueKey = `enquete-conversation-${token}`;

  // The participant: the key the server gave this browser (also in its cookie), until the phone
  // is handed to the next person (a canvasser at the door): then one made here for each person.
  const freshKey = () => {
    const bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  function participant() {
    return localStorage.getItem('enquete-conversation-participant') || form.dataset.participant || freshKey();
  }
  const load = () => {
    try {
      const q = JSON.parse(localStorage.getItem(queueKey) || '{}');
      return { votes: q.votes || [], texts: q.texts || [] };
    } catch (e) {
      return { votes: [], texts: [] };
    }
  };
  const save = (q) => localStorage.setItem(queueKey, JSON.stringify(q));
  const show = (what) => {
    status.textContent = status.dataset[what];
    status.dataset.state = what;
    status.hidden = false;
  };

  let sending = false;
  async function send() {
    if (sending) return;
    const q = load();
    if (!q.votes.length && !q.texts.length) return;
    sending = true;
    try {
      // One batch per person who voted on this phone.
      for (const who of [...new Set(q.votes.map((v) => v.participant))]) {
        const votes = q.votes
          .filter((v) => v.participant === who)
          .map(({ statement, vote, at }) => ({ statement, vote, at }));
        const res = await fetch(`/c/${token}/votes`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ participant: who, votes }),
        });
        if (!res.ok && !(res.status >= 400 && res.status < 500 && res.status !== 429)) {
          // Busy or down: keep them for later.
          show('saved');
          return;
        }
        // Sent, or refused for good (a closed conversation, a statement gone): either way
        // they leave the phone; a refusal is said.
        const left = load();
        left.votes = left.votes.filter((v) => v.participant !== who);
        save(left);
        if (!res.ok) {
          show('refused');
          return;
        }
      }
      for (const text of q.texts) {
        const res = await fetch(`/c/${token}`, {
          method: 'POST',
          credentials: 'same-origin',
          body: new URLSearchParams({ text }),
        });
        if (!res.ok) break;
        const left = load();
        left.texts = left.texts.filter((t) => t !== text);
        save(left);
      }
      show('sent');
    } catch (e) {
      show('saved');
    } finally {
      sending = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = load();
    const at = new Date().toISOString();
    const who = participant();
    for (const input of form.querySelectorAll('input[type=radio]:checked')) {
      const statement = Number(input.name.replace('vote_', ''));
      q.votes = q.votes.filter((v) => v.statement !== statement || v.participant !== who);
      q.votes.push({ participant: who, statement, vote: input.value, at });
      input.checked = false;
      const legend = input.closest('fieldset')?.querySelector('legend');
      if (legend && !legend.querySelector('.badge')) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = status.dataset.voted;
        legend.append(' ', badge);
      }
    }
    const text = form.querySelector('textarea[name=text]');
    if (text && text.value.trim()) {
      q.texts.push(text.value.trim());
      text.value = '';
    }
    save(q);
    show('saved');
    send();
  });
  // At the door: the phone goes to the next person, whose votes count apart.
  const next = document.getElementById('next-person');
  if (next) {
    next.hidden = false;
    next.addEventListener('click', () => {
      localStorage.setItem('enquete-conversation-participant', freshKey());
      for (const badge of form.querySelectorAll('legend .badge')) badge.remove();
      for (const input of form.querySelectorAll('input[type=radio]')) input.checked = false;
      show('next');
    });
  }
  window.addEventListener('online', send);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/c/sw.js', { scope: '/c/' }).catch(() => {});
  }
  const waiting = load();
  if (waiting.votes.length || waiting.texts.length) show('saved');
  send();
})();
