// The public page of a conversation on a phone, at the door or anywhere: the votes are kept on
// the phone first and sent when there is a connection, so a stairwell without signal loses
// nothing. Without this script (or when the phone cannot keep anything) the form posts as usual.
(() => {
  const form = document.getElementById('vote-form');
  const status = document.getElementById('vote-status');
  if (!form || !status) return;
  const token = form.dataset.token;
  const queueKey = `enquete-conversation-${token}`;
  const personKey = `enquete-conversation-${token}-person`;

  // Who votes: the browser's own participant (the server knows it by its cookie) until the phone
  // is handed to the next person at the door; from then on a key made here for each person.
  const freshKey = () => {
    const bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const person = () => localStorage.getItem(personKey) || null;

  const load = () => {
    try {
      const q = JSON.parse(localStorage.getItem(queueKey) || '{}');
      return {
        votes: Array.isArray(q.votes) ? q.votes : [],
        texts: Array.isArray(q.texts) ? q.texts : [],
        // What each person said about themselves, by their key ('' for the browser's own).
        profiles: q.profiles && typeof q.profiles === 'object' ? q.profiles : {},
      };
    } catch (e) {
      return { votes: [], texts: [], profiles: {} };
    }
  };
  const save = (q) => localStorage.setItem(queueKey, JSON.stringify(q));
  const show = (what) => {
    status.textContent = status.dataset[what];
    status.dataset.state = what;
    status.hidden = false;
  };
  const same = (a, b) => a.participant === b.participant && a.statement === b.statement
    && a.vote === b.vote && a.at === b.at;
  // Permanent refusals (a closed conversation, a statement gone, a text too long); busy (429)
  // or down (5xx) is worth another try.
  const refused = (res) => res.status >= 400 && res.status < 500 && res.status !== 429;

  let sending = false;
  let again = false;
  // A send that has not answered in this time is given up (at the edge of the signal a request
  // can hang for minutes, and nothing else would be sent meanwhile); it is tried again later.
  const post = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(20000) });

  let forgetting = false;
  async function send() {
    // While a person is being forgotten nothing is sent (the timer tries again later).
    if (forgetting) return;
    if (sending) {
      again = true;
      return;
    }
    const q = load();
    const pending = (x) => x.votes.length || x.texts.length || Object.keys(x.profiles).length;
    if (!pending(q)) return;
    sending = true;
    let failed = false;
    let dropped = false;
    try {
      // One batch per person who voted on this phone; only what was sent leaves the queue.
      const people = new Set(q.votes.map((v) => v.participant || ''));
      for (const k of Object.keys(q.profiles)) people.add(k);
      for (const k of people) {
        const who = k || null;
        const batch = q.votes.filter((v) => (v.participant || null) === who);
        const body = { votes: batch.map(({ statement, vote, at }) => ({ statement, vote, at })) };
        const profile = q.profiles[k];
        if (profile) Object.assign(body, profile);
        if (who) body.participant = who;
        const res = await post(`/c/${token}/votes`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!res.ok && !refused(res)) {
          failed = true;
          break;
        }
        dropped = dropped || !res.ok;
        const left = load();
        left.votes = left.votes.filter((v) => !batch.some((b) => same(v, b)));
        if (profile && JSON.stringify(left.profiles[k]) === JSON.stringify(profile)) {
          delete left.profiles[k];
        }
        save(left);
      }
      for (const text of failed ? [] : q.texts) {
        const res = await post(`/c/${token}`, {
          method: 'POST',
          credentials: 'same-origin',
          body: new URLSearchParams({ text }),
        });
        if (!res.ok && !refused(res)) {
          failed = true;
          break;
        }
        dropped = dropped || !res.ok;
        const left = load();
        left.texts = left.texts.filter((t) => t !== text);
        save(left);
      }
    } catch (e) {
      failed = true;
    } finally {
      sending = false;
    }
    const left = load();
    if (failed) show('saved');
    else if (dropped) show('refused');
    else if (!pending(left)) show('sent');
    if (again && !failed) {
      again = false;
      send();
    }
  }

  form.addEventListener('submit', (event) => {
    const q = load();
    const at = new Date().toISOString();
    const who = person();
    const chosen = [...form.querySelectorAll('input[type=radio]:checked')];
    for (const input of chosen) {
      const statement = Number(input.name.replace('vote_', ''));
      q.votes = q.votes.filter((v) => v.statement !== statement || v.participant !== who);
      q.votes.push({ participant: who, statement, vote: input.value, at });
    }
    const text = form.querySelector('textarea[name=text]');
    if (text && text.value.trim()) q.texts.push(text.value.trim());
    // What the person said about themselves (all optional).
    const profile = { place: null, about: {} };
    let said = false;
    const place = form.querySelector('select[name=place]');
    if (place && place.value) {
      profile.place = Number(place.value);
      said = true;
    }
    for (const select of form.querySelectorAll('select[name^=about_]')) {
      if (select.value) {
        profile.about[select.name.slice('about_'.length)] = select.value;
        said = true;
      }
    }
    if (said) q.profiles[who || ''] = profile;
    try {
      save(q);
    } catch (e) {
      // The phone keeps nothing (full, or a private window): the form posts as it is, for the
      // person holding the phone.
      if (who) {
        let field = form.querySelector('input[name=participant]');
        if (!field) {
          field = document.createElement('input');
          field.type = 'hidden';
          field.name = 'participant';
          form.append(field);
        }
        field.value = who;
      }
      return;
    }
    event.preventDefault();
    if (text) text.value = '';
    for (const input of chosen) {
      input.checked = false;
      const legend = input.closest('fieldset')?.querySelector('legend');
      if (legend && !legend.querySelector('.badge')) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = status.dataset.voted;
        legend.append(' ', badge);
      }
    }
    show('saved');
    send();
  });

  // At the door: the phone goes to the next person, whose votes count apart.
  const next = document.getElementById('next-person');
  if (next) {
    next.hidden = false;
    next.addEventListener('click', () => {
      try {
        localStorage.setItem(personKey, freshKey());
      } catch (e) {
        return;
      }
      for (const badge of form.querySelectorAll('legend .badge')) badge.remove();
      for (const input of form.querySelectorAll('input[type=radio]')) input.checked = false;
      for (const select of form.querySelectorAll('select')) select.value = '';
      show('next');
    });
  }
  // Forget me: the server forgets this person's votes and answers; once it has said so, the
  // phone drops what it still kept of them and the next votes here are a new person's. Nothing
  // is sent meanwhile, so no vote of theirs arrives after it.
  const forget = document.getElementById('forget-form');
  if (forget) {
    forget.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (forgetting) return;
      forgetting = true;
      const who = person();
      while (sending) await new Promise((resolve) => setTimeout(resolve, 200));
      let ok = false;
      try {
        const res = await post(`/c/${token}/forget`, {
          method: 'POST',
          credentials: 'same-origin',
          body: new URLSearchParams({ participant: who || '' }),
        });
        ok = res.ok;
      } catch (e) {
        ok = false;
      }
      if (ok) {
        try {
          const q = load();
          q.votes = q.votes.filter((v) => (v.participant || null) !== who);
          delete q.profiles[who || ''];
          save(q);
          if (who) localStorage.setItem(personKey, freshKey());
        } catch (e) { /* nothing was kept on this phone */ }
        for (const badge of form.querySelectorAll('legend .badge')) badge.remove();
        for (const input of form.querySelectorAll('input[type=radio]')) input.checked = false;
        for (const select of form.querySelectorAll('select')) select.value = '';
      }
      forgetting = false;
      status.textContent = ok ? forget.dataset.forgotten : forget.dataset.offline;
      status.dataset.state = ok ? 'forgotten' : 'forget-failed';
      status.hidden = false;
    });
  }
  window.addEventListener('online', send);
  // Also on a timer: the browser's online event does not always come when the signal does.
  setInterval(send, 20000);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/c/sw.js', { scope: '/c/' }).catch(() => {});
  }
  const waiting = load();
  if (waiting.votes.length || waiting.texts.length || Object.keys(waiting.profiles).length) {
    show('saved');
  }
  send();
})();
