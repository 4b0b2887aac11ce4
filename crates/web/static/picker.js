// The person picker: every <input data-picker name="person"> becomes a search by name. Typing
// shows the people the account may see whose name matches (GET /people/pick), as a list to tap
// or to walk with the arrow keys; the form then sends the chosen person's number. Without this
// script the typed name is sent and the server takes it when exactly one person has it.
(function () {
  'use strict';
  let counter = 0;

  function enhance(input) {
    const id = 'picker-' + (++counter);
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = input.name;
    input.removeAttribute('name');
    input.after(hidden);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.setAttribute('autocomplete', 'off');
    const list = document.createElement('ul');
    list.id = id;
    list.className = 'picker-list';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    hidden.after(list);
    let timer = null;
    let active = -1;
    let shown = [];

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function choose(i) {
      const p = shown[i];
      if (!p) return;
      hidden.value = String(p.id);
      input.value = p.name;
      input.dataset.chosen = p.name;
      close();
    }

    function mark(i) {
      active = i;
      Array.from(list.children).forEach((li, k) => li.setAttribute('aria-selected', k === i ? 'true' : 'false'));
      if (list.children[i]) input.setAttribute('aria-activedescendant', list.children[i].id);
    }

    function render(people) {
      shown = people;
      list.replaceChildren();
      people.forEach((p, i) => {
        const li = document.createElement('li');
        li.id = id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const name = document.createElement('strong');
        name.textContent = p.name;
        const more = document.createElement('span');
        more.className = 'muted';
        more.textContent = ' ' + p.unit + ' · ' + p.stage;
        li.append(name, more);
        li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
        list.append(li);
      });
      if (people.length === 0) {
        const li = document.createElement('li');
        li.className = 'muted';
        li.textContent = input.dataset.none || '—';
        list.append(li);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    async function search() {
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      const url = new URL('/people/pick', location.origin);
      url.searchParams.set('q', q);
      if (input.dataset.unit) url.searchParams.set('unit', input.dataset.unit);
      try {
        const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!res.ok) return;
        if (input.value.trim() !== q) return; // typed on meanwhile
        render(await res.json());
      } catch (_) {
        // No connection: the typed name is sent as it is.
      }
    }

    input.addEventListener('input', () => {
      if (input.value !== input.dataset.chosen) hidden.value = '';
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); mark(Math.min(active + 1, shown.length - 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === 'Escape') { close(); }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
    input.form && input.form.addEventListener('submit', () => {
      // Nothing picked: send the name as typed, the server looks it up.
      if (!hidden.value) hidden.value = input.value;
    });
  }

  document.querySelectorAll('input[data-picker]').forEach(enhance);
})();
