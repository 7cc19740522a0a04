// Starling's progressive enhancement. The pages work without it: every action is a plain form post.
// Here: a live character counter, fresh relative times, actions without a reload, Ctrl+Enter to post,
// media previews and drag and drop in the compose box, and a full-size view of pictures.
(() => {
  'use strict';

  // ---- Character counter: the same rule as the server's StatusLength (URLs count 23, remote mentions by username). ----
  const URL_LENGTH = 23;
  const W = '[\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}]';
  const HOST_PART = '[a-z0-9](?:[a-z0-9\\-]*[a-z0-9])?';
  const TOKEN = new RegExp(
    '(\\bhttps?://[^\\s<>"]+)' +
    `|(?<=^|[^\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}/@])@([a-z0-9_]{1,30}(?:@${HOST_PART}(?:\\.${HOST_PART})*(?::\\d{1,5})?)?)(?!${W}|@)` +
    `|(?<=^|[^\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}/&#])#(${W}{0,100}[\\p{L}_]${W}{0,100})`,
    'giu');
  const TRAILING = '.,;:!?\'")]}';
  const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

  const graphemes = (text) => {
    if (!text) return 0;
    if (!segmenter) return Array.from(text).length;
    let n = 0;
    for (const _ of segmenter.segment(text)) n++;
    return n;
  };

  const trimUrl = (url) => {
    let end = url.length;
    while (end > 0 && TRAILING.includes(url[end - 1])) end--;
    const trimmed = url.slice(0, end);
    // Keep a closing parenthesis that balances one inside the URL (Wikipedia links).
    if (end < url.length && url[end] === ')' && trimmed.split('(').length > trimmed.split(')').length) {
      return url.slice(0, end + 1);
    }
    return trimmed;
  };

  const statusLength = (text) => {
    let length = 0;
    let position = 0;
    for (const match of text.matchAll(TOKEN)) {
      length += graphemes(text.slice(position, match.index));
      if (match[1] !== undefined) {
        const url = trimUrl(match[1]);
        length += URL_LENGTH + graphemes(match[1].slice(url.length));
      } else if (match[2] !== undefined) {
        length += 1 + graphemes(match[2].split('@')[0]);
      } else {
        length += graphemes(match[0]);
      }
      position = match.index + match[0].length;
    }
    return length + graphemes(text.slice(position));
  };

  const updateCounter = (form) => {
    const counter = form.querySelector('.char-counter');
    const text = form.querySelector('textarea[name="Text"]');
    if (!counter || !text) return;
    const warning = form.querySelector('input[name="SpoilerText"]');
    const max = Number(counter.dataset.max) || 500;
    const left = max - statusLength(text.value.trim()) - (warning ? statusLength(warning.value.trim()) : 0);
    counter.value = String(left);
    counter.textContent = String(left);
    counter.classList.toggle('over', left < 0);
  };

  for (const form of document.querySelectorAll('form.compose')) {
    form.addEventListener('input', () => updateCounter(form));
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.matches('textarea, input')) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    updateCounter(form);
  }

  // A reply box opened from a post's Reply link, or a composer opened with mentions filled in: caret after the text.
  const focusAtEnd = (textarea) => {
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  };
  const autofocused = document.querySelector('form.compose textarea[autofocus]');
  if (autofocused) focusAtEnd(autofocused);
  if (location.hash === '#reply') {
    const reply = document.querySelector('#reply textarea');
    if (reply) focusAtEnd(reply);
  }

  // ---- Attaching media: one picker (or a drop on the compose box) fills the form's file slots, with previews. ----
  const enhanceMedia = (form) => {
    const box = form.querySelector('.compose-media');
    if (!box || typeof DataTransfer === 'undefined') return;
    // An edited post's own files come first; they are not slots, and a post with four of them leaves none.
    const attached = [...box.querySelectorAll('.media-attached')];
    const slots = [...box.querySelectorAll('.media-slot[data-slot]')];
    if (slots.length === 0) return;
    const sensitive = box.querySelector('.media-sensitive');
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.multiple = true;
    picker.accept = slots[0].querySelector('input[type=file]').accept;
    picker.hidden = true;
    picker.setAttribute('aria-label', 'Choose media files');
    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'button media-add';
    add.innerHTML = '<svg class="icon" aria-hidden="true"><use href="#i-media"/></svg><span class="sr-only">Add media</span>';
    add.title = 'Add media: up to 4 images, or one video or audio file';
    const status = document.createElement('p');
    status.className = 'hint';
    status.setAttribute('role', 'status');
    const footer = form.querySelector('.compose-footer');
    footer.prepend(add, picker);
    box.append(status);
    box.open = true;
    box.classList.add('enhanced');

    const fileOf = (slot) => slot.querySelector('input[type=file]');
    const used = (slot) => fileOf(slot).files.length > 0;
    const refresh = () => {
      let count = 0;
      let shown = 0;
      for (const slot of slots) {
        // A slot keeps showing when it holds typed alt text from a refused post, so that text is not lost from view.
        const keep = used(slot) || slot.querySelector('textarea').value.trim() !== '';
        slot.hidden = !keep;
        if (keep) shown++;
        if (used(slot)) count++;
      }
      const kept = attached.filter((file) => !file.querySelector('input[type=checkbox]').checked).length;
      sensitive.hidden = count + kept === 0 && !sensitive.querySelector('input').checked;
      box.hidden = shown + attached.length === 0 && sensitive.hidden && !status.textContent;
      add.disabled = count >= slots.length;
    };

    const setFocus = (slot, x, y) => {
      slot.querySelector('.media-focus').value = `${x.toFixed(2)},${y.toFixed(2)}`;
      const mark = slot.querySelector('.focus-mark');
      if (mark) {
        mark.style.left = `${((x + 1) / 2) * 100}%`;
        mark.style.top = `${((1 - y) / 2) * 100}%`;
      }
    };

    const show = (slot, file) => {
      slot.querySelector('.media-thumb')?.remove();
      slot.querySelector('.media-remove')?.remove();
      const n = Number(slot.dataset.number);
      slot.querySelector('legend').textContent = `File ${n}: ${file.name}`;
      const thumb = document.createElement('div');
      thumb.className = 'media-thumb';
      const url = URL.createObjectURL(file);
      thumb.dataset.url = url;
      const kind = file.type.split('/')[0];
      let preview;
      if (kind === 'image') {
        preview = document.createElement('img');
        preview.alt = `Preview of ${file.name}. Click to set the focal point.`;
        preview.addEventListener('click', (event) => {
          const rect = preview.getBoundingClientRect();
          setFocus(slot, ((event.clientX - rect.left) / rect.width) * 2 - 1, 1 - ((event.clientY - rect.top) / rect.height) * 2);
        });
        const mark = document.createElement('span');
        mark.className = 'focus-mark';
        mark.hidden = true;
        thumb.append(mark);
        preview.addEventListener('click', () => { mark.hidden = false; });
      } else if (kind === 'video' || kind === 'audio') {
        preview = document.createElement(kind);
        preview.controls = true;
        preview.muted = kind === 'video';
        preview.preload = 'metadata';
        preview.setAttribute('aria-label', `Preview of ${file.name}`);
      } else {
        preview = document.createElement('span');
        preview.textContent = file.name;
      }
      preview.src = url;
      thumb.prepend(preview);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button media-remove';
      remove.textContent = `Remove file ${n}`;
      remove.addEventListener('click', () => {
        URL.revokeObjectURL(url);
        fileOf(slot).value = '';
        slot.querySelector('textarea').value = '';
        slot.querySelector('.media-focus').value = '';
        slot.querySelector('legend').textContent = `File ${n}`;
        thumb.remove();
        remove.remove();
        refresh();
        add.focus();
      });
      slot.querySelector('legend').after(thumb, remove);
    };

    const addFiles = (files) => {
      let skipped = 0;
      for (const file of files) {
        const slot = slots.find((s) => !used(s));
        if (!slot) { skipped++; continue; }
        const list = new DataTransfer();
        list.items.add(file);
        fileOf(slot).files = list.files;
        show(slot, file);
      }
      status.textContent = skipped > 0 ? `Only ${slots.length}${attached.length > 0 ? ' more' : ''} files can be attached; ${skipped} left out.` : '';
      refresh();
      const first = slots.find((s) => used(s) && s.querySelector('textarea').value === '');
      if (first) first.querySelector('textarea').focus();
    };

    add.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => { addFiles(picker.files); picker.value = ''; });
    // A file chosen through a slot's own input (when the script came late) gets its preview too.
    for (const slot of slots) {
      fileOf(slot).addEventListener('change', () => { if (used(slot)) show(slot, fileOf(slot).files[0]); refresh(); });
    }
    for (const file of attached) file.addEventListener('change', refresh);
    const dragging = (on) => form.classList.toggle('dragging', on);
    form.addEventListener('dragover', (event) => {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      dragging(true);
    });
    form.addEventListener('dragleave', (event) => { if (!form.contains(event.relatedTarget)) dragging(false); });
    form.addEventListener('drop', (event) => {
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      dragging(false);
      addFiles(event.dataTransfer.files);
    });
    refresh();
  };
  for (const form of document.querySelectorAll('form.compose')) enhanceMedia(form);

  // ---- Media in posts: a full-size view in a dialog, the focal point kept in crops, no autoplay for reduced motion. ----
  for (const media of document.querySelectorAll('.media-item [data-focus]')) {
    const [x, y] = media.dataset.focus.split(',').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y)) media.style.objectPosition = `${((x + 1) / 2) * 100}% ${((1 - y) / 2) * 100}%`;
  }
  if (window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches) {
    for (const video of document.querySelectorAll('video.gifv')) {
      video.pause();
      video.autoplay = false;
      video.controls = true;
    }
  }
  if (typeof HTMLDialogElement === 'function') {
    let lightbox;
    let opener;
    document.addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('a.media-link');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      if (!lightbox) {
        lightbox = document.createElement('dialog');
        lightbox.className = 'lightbox';
        lightbox.setAttribute('aria-label', 'Image');
        lightbox.innerHTML = '<button type="button" class="button">Close</button><img alt="">';
        lightbox.querySelector('button').addEventListener('click', () => lightbox.close());
        // A click on the dark backdrop (the dialog itself, outside the picture) closes it too.
        lightbox.addEventListener('click', (e) => { if (e.target === lightbox) lightbox.close(); });
        lightbox.addEventListener('close', () => { lightbox.querySelector('img').removeAttribute('src'); opener?.focus(); });
        document.body.append(lightbox);
      }
      opener = link;
      const image = lightbox.querySelector('img');
      image.alt = link.querySelector('img')?.alt || '';
      image.src = link.href;
      lightbox.showModal();
    });
  }

  // ---- Relative times, the same rule as the server's TimeDisplay. ----
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const relative = (at, now) => {
    const seconds = (now - at) / 1000;
    if (seconds < 60) return 'now';
    if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
    if (seconds < 7 * 86400) return `${Math.floor(seconds / 86400)}d`;
    const date = `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}`;
    return at.getUTCFullYear() === now.getUTCFullYear() ? date : `${date}, ${at.getUTCFullYear()}`;
  };
  const refreshTimes = () => {
    const now = new Date();
    for (const time of document.querySelectorAll('.status-time time[datetime], .notification-line time[datetime]')) {
      const at = new Date(time.getAttribute('datetime'));
      if (!Number.isNaN(at.getTime())) time.textContent = relative(at, now);
    }
  };
  setInterval(refreshTimes, 60000);

  // ---- Boost, favourite, bookmark and pin without leaving the page; anything unexpected falls back to the plain post. ----
  const act = document.getElementById('act');
  if (act && window.fetch) {
    act.addEventListener('submit', async (event) => {
      const button = event.submitter;
      const row = button && button.closest('.status-actions');
      if (!row || button.dataset.plain === '1' || button.classList.contains('delete')) return;
      event.preventDefault();
      if (button.getAttribute('aria-busy') === 'true') return;
      button.setAttribute('aria-busy', 'true');
      const controls = [...row.querySelectorAll('a, button')];
      const index = controls.indexOf(button);
      try {
        const response = await fetch(button.formAction, {
          method: 'POST',
          body: new FormData(act),
          headers: { 'X-Requested-With': 'fetch' },
          credentials: 'same-origin',
        });
        if (!response.ok || response.headers.get('X-Starling-Fragment') !== 'actions') throw new Error(String(response.status));
        const html = await response.text();
        const template = document.createElement('template');
        for (const each of document.querySelectorAll(`.status-actions[data-for="${row.dataset.for}"]`)) {
          template.innerHTML = html.trim();
          const fresh = template.content.firstElementChild;
          if (!fresh) continue;
          // The same post can be listed twice (itself and a boost): keep each row's ids its own.
          const anchor = each.closest('article')?.id;
          if (anchor) {
            for (const el of fresh.querySelectorAll('[id], [aria-describedby]')) {
              for (const name of ['id', 'aria-describedby']) {
                const value = el.getAttribute(name);
                if (value) el.setAttribute(name, value.replace(/s-\d+$/, anchor));
              }
            }
          }
          each.replaceWith(fresh);
          if (each === row) {
            const again = fresh.querySelectorAll('a, button')[index];
            if (again) again.focus();
          }
        }
      } catch {
        button.removeAttribute('aria-busy');
        button.dataset.plain = '1';
        act.requestSubmit(button);
      }
    });
  }
})();
