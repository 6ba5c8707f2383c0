// Roster console: the few things plain HTML cannot do. Every page works without this script;
// buttons that need it are rendered `hidden` and shown here.
(() => {
  'use strict';

  const status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.append(status);
  const announce = (text) => {
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  };

  // Copy buttons: data-copy names the element whose value (or text) is copied.
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const target = document.getElementById(button.dataset.copy);
    if (target === null) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = target instanceof HTMLInputElement ? target.value : target.textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // No clipboard permission (or not a secure context): select it for Ctrl+C.
        if (target instanceof HTMLInputElement) target.select();
        announce('Copying is blocked here: the text is selected, press Ctrl+C.');
        return;
      }
      button.dataset.copied = 'true';
      announce('Copied to the clipboard.');
      window.setTimeout(() => delete button.dataset.copied, 2000);
    });
  }

  // "Download JSON": the file is built in the browser from a JSON script element of the page,
  // so the token never travels again and is never stored by the server.
  for (const button of document.querySelectorAll('button[data-download]')) {
    const source = document.getElementById(button.dataset.download);
    if (source === null) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      const data = JSON.parse(source.textContent);
      const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = button.dataset.filename || 'roster-scim.json';
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      announce('The JSON file was downloaded.');
    });
  }

  // Destructive forms ask first.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // Field forms show the options or currencies box only for the type that uses it.
  for (const form of document.querySelectorAll('form[data-field-form]')) {
    const type = form.querySelector('select[name="type"]');
    if (type === null) continue;
    const sync = () => {
      for (const box of form.querySelectorAll('[data-show-for]'))
        box.hidden = box.dataset.showFor !== type.value;
    };
    type.addEventListener('change', sync);
    sync();
  }

  // A table wider than the screen scrolls: make it reachable and named for keyboard users.
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth <= wrap.clientWidth) continue;
    const caption = wrap.querySelector('caption');
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', caption === null ? 'Table' : caption.textContent.trim());
  }

  // A form refused by the server: move focus to its message so it is read first.
  const problem = document.querySelector('[data-focus]');
  if (problem instanceof HTMLElement) problem.focus();
})();
