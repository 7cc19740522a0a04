// Starling's progressive enhancement. The pages work without it: every action is a plain form post.
// Here: a live character counter, fresh relative times, actions without a reload, Ctrl+Enter to post.
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
