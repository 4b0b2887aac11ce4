// Copy and share buttons of public links: shown only where the browser can do it.
(function () {
  'use strict';
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        const label = button.textContent;
        button.textContent = button.dataset.done;
        setTimeout(() => { button.textContent = label; }, 2000);
      } catch (_) {
        field.select();
      }
    });
  }
  for (const button of document.querySelectorAll('button[data-share]')) {
    if (!navigator.share) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.share({ title: button.dataset.title || document.title, url: button.dataset.share }).catch(() => {});
    });
  }
})();
