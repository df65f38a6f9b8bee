// The edit page of `careerguide serve --edit`. Everything it shows that came from a file or
// an editor is set as text (textContent, value), never as HTML. Requests carry the editing
// key in a header; the key comes from the address (after #edit=) or this tab's storage.
(() => {
  'use strict';
  const KEY = 'careerguide-edit-token';
  const API = '/__careerguide/edit/api/';
  const $ = (id) => document.getElementById(id);

  function readToken() {
    try {
      const m = /(?:^#|&)edit=([0-9a-f]{32})(?:&|$)/.exec(location.hash);
      if (m) {
        sessionStorage.setItem(KEY, m[1]);
        history.replaceState(history.state, '', location.pathname + location.search);
      }
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  }

  // The new-page form: a case study, checklist or page from the guide's templates.
  function newPage() {
    const token = readToken();
    const alertBox = $('alert');
    const fail = (text) => {
      alertBox.textContent = text;
      alertBox.hidden = false;
      alertBox.focus();
    };
    const form = $('new-form');
    if (!token) {
      form.hidden = true;
      fail('To make pages, open the address that `careerguide serve --edit` printed in the terminal (it ends with #edit= and a key), then come back here.');
      return;
    }
    const name = $('new-name');
    const label = $('new-name-label');
    const what = () => form.querySelector('input[name="what"]:checked')?.value || 'case-study';
    const follow = () => {
      const w = what();
      label.textContent = w === 'case-study' ? "The person's full name" : 'Title';
      $('section-field').hidden = w !== 'page';
    };
    for (const r of form.querySelectorAll('input[name="what"]')) r.addEventListener('change', follow);
    follow();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      alertBox.hidden = true;
      if (!name.value.trim()) {
        name.setAttribute('aria-invalid', 'true');
        fail(`${label.textContent} is empty: type it first.`);
        name.focus();
        return;
      }
      name.removeAttribute('aria-invalid');
      let res;
      let json = {};
      try {
        res = await fetch('/__careerguide/edit/api/new', {
          method: 'POST',
          headers: { 'X-Careerguide-Token': token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ what: what(), name: name.value, section: $('new-section').value }),
          credentials: 'omit',
          cache: 'no-store',
        });
        json = await res.json();
      } catch {
        fail('The preview server does not answer: is `careerguide serve --edit` still running?');
        return;
      }
      if (res.status !== 200) {
        fail(json.error || `The page could not be made (${res.status}).`);
        return;
      }
      $('status').textContent = `Made ${json.created}. Opening it…`;
      window.location.assign(json.edit);
    });
  }
  const main = $('main');
  if (main?.dataset.new) {
    newPage();
    return;
  }
  if (!main || !main.dataset.id) return;
  const id = main.dataset.id;
  const pageUrl = main.dataset.url;
  const form = $('editor');
  const body = $('body');
  const status = $('status');
  const alertBox = $('alert');
  const preview = $('preview');

  const token = readToken();

  const state = {
    version: null,
    mode: 'form',
    fields: [],
    dirty: false,
    override: false,
    diskVersion: null,
    pending: null,
    problemCount: -1,
  };

  function say(text) {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = text;
    }, 60);
  }

  function fail(text) {
    alertBox.textContent = text;
    alertBox.hidden = false;
  }

  function clearAlert() {
    alertBox.textContent = '';
    alertBox.hidden = true;
  }

  async function call(method, path, data) {
    const headers = { 'X-Careerguide-Token': token };
    if (data !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(API + path, {
        method,
        headers,
        body: data === undefined ? undefined : JSON.stringify(data),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return { status: 0, json: { error: 'The preview server does not answer: is `careerguide serve --edit` still running? Your text is still here; copy it somewhere safe.' } };
    }
    let json = {};
    try {
      json = await res.json();
    } catch {
      json = {};
    }
    if (!json.error && res.status !== 200) json.error = `The request was refused (${res.status}).`;
    return { status: res.status, json };
  }

  if (!token) {
    fail('To edit, open the address that `careerguide serve --edit` printed in the terminal (it ends with #edit= and a key), then use "Edit this page" again. This tab was opened without it.');
    return;
  }

  // ---- The form -------------------------------------------------------------------------

  function fieldInput(key) {
    return $('f-' + key);
  }

  function setDescribedBy(input, withError) {
    const ids = [input.id + '-help'];
    if (withError) ids.push(input.id + '-error');
    input.setAttribute('aria-describedby', ids.join(' '));
  }

  function buildFields(fields) {
    const list = $('field-list');
    list.replaceChildren();
    for (const f of fields) {
      const wrap = document.createElement('div');
      wrap.className = f.input === 'tick' ? 'field tick' : 'field';
      const inputId = 'f-' + f.key;
      let input;
      if (f.input === 'tick') {
        input = document.createElement('input');
        input.type = 'checkbox';
        input.checked = f.value === 'true';
      } else if (f.input === 'line') {
        input = document.createElement('input');
        input.type = 'text';
        input.value = f.value;
        if (f.key === 'reviewed') input.setAttribute('autocomplete', 'off');
      } else {
        input = document.createElement('textarea');
        input.rows = f.input === 'list' ? 4 : 3;
        input.value = f.value;
      }
      input.id = inputId;
      input.name = f.key;
      input.dataset.key = f.key;
      input.dataset.kind = f.input;
      if (f.key === 'title') input.required = true;
      const label = document.createElement('label');
      label.htmlFor = inputId;
      label.textContent = f.label;
      const help = document.createElement('p');
      help.className = 'help';
      help.id = inputId + '-help';
      help.textContent = f.help;
      const error = document.createElement('p');
      error.className = 'field-error';
      error.id = inputId + '-error';
      error.hidden = true;
      setDescribedBy(input, false);
      if (f.input === 'tick') {
        wrap.append(input, label, help, error);
      } else {
        wrap.append(label, help, error, input);
      }
      input.addEventListener('input', changed);
      input.addEventListener('change', changed);
      list.append(wrap);
    }
  }

  function fieldValues() {
    if (state.mode !== 'form') return undefined;
    const out = {};
    for (const f of state.fields) {
      const input = fieldInput(f.key);
      if (!input) continue;
      out[f.key] = input.type === 'checkbox' ? (input.checked ? 'true' : 'false') : input.value;
    }
    return out;
  }

  function draft() {
    return { id, fields: fieldValues(), body: body.value, version: state.version };
  }

  function fill(page) {
    state.version = page.version;
    state.mode = page.mode;
    state.fields = page.fields || [];
    state.localCopy = page.localCopy;
    $('page-title').textContent = page.title;
    document.title = `Edit ${page.title} – careerguide`;
    $('file').textContent = page.file;
    buildFields(state.fields);
    $('fields').hidden = state.mode !== 'form';
    // The glossary and resources pages show a list kept in a data file, which has its form.
    const template = state.fields.find((f) => f.key === 'template')?.value;
    $('data-resources').hidden = template !== 'resources';
    $('data-glossary').hidden = template !== 'glossary';
    $('body-label').textContent = state.mode === 'form'
      ? 'Page text (Markdown)'
      : 'The whole file, front matter included (its front matter could not be read: put it right here)';
    body.value = page.body;
    state.dirty = false;
    showHistory(page.history || []);
    showProblems(page.problems || [], page.bodyLine || 1, []);
  }

  async function load() {
    clearAlert();
    const r = await call('GET', 'page?id=' + encodeURIComponent(id));
    if (r.status !== 200) {
      fail(r.json.error);
      return false;
    }
    fill(r.json);
    form.hidden = false;
    schedulePreview(0);
    return true;
  }

  // ---- Problems ---------------------------------------------------------------------------

  function clearFieldErrors() {
    for (const f of state.fields) {
      const input = fieldInput(f.key);
      const error = $('f-' + f.key + '-error');
      if (!input || !error) continue;
      error.hidden = true;
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      setDescribedBy(input, false);
    }
  }

  function words(p) {
    return p.message + (p.hint ? '. What to do: ' + p.hint : '');
  }

  function goToLine(line) {
    const lines = body.value.split('\n');
    const n = Math.min(Math.max(line, 1), lines.length);
    let start = 0;
    for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
    body.focus();
    body.setSelectionRange(start, start + lines[n - 1].length);
    const lineHeight = parseFloat(getComputedStyle(body).lineHeight) || 20;
    body.scrollTop = Math.max(0, (n - 3) * lineHeight);
  }

  function showProblems(problems, bodyLine, others) {
    clearFieldErrors();
    const list = $('problems');
    list.replaceChildren();
    let firstField = null;
    for (const p of problems) {
      const li = document.createElement('li');
      li.className = p.severity === 'error' ? 'problem error' : 'problem warning';
      const what = document.createElement('strong');
      what.textContent = p.severity === 'error' ? 'Error' : 'Warning';
      const input = p.field ? fieldInput(p.field) : null;
      const where = document.createElement('span');
      const text = document.createElement('span');
      text.textContent = ' ' + words(p);
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'link';
      if (input) {
        const error = $(input.id + '-error');
        error.textContent = words(p);
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        setDescribedBy(input, true);
        if (!firstField) firstField = input;
        const label = state.fields.find((f) => f.key === p.field)?.label || p.field;
        where.textContent = ` in “${label}”:`;
        go.textContent = `Go to “${label}”`;
        go.addEventListener('click', () => input.focus());
      } else if (p.line && (state.mode !== 'form' || p.line >= bodyLine)) {
        const line = state.mode === 'form' ? p.line - bodyLine + 1 : p.line;
        where.textContent = ` on line ${line} of the page text:`;
        go.textContent = `Go to line ${line}`;
        go.addEventListener('click', () => goToLine(line));
      } else if (p.line) {
        where.textContent = ` in the front matter (line ${p.line} of the file):`;
        go.hidden = true;
      } else {
        where.textContent = ':';
        go.hidden = true;
      }
      li.append(what, where, text, ' ', go);
      list.append(li);
    }
    $('problems-none').hidden = problems.length > 0;
    const othersNote = $('others');
    if (others && others.length) {
      othersNote.hidden = false;
      othersNote.textContent = `Other files have problems that stop the site being built (the preview waits for them): ${others.map((o) => `${o.file}${o.line ? ' line ' + o.line : ''}: ${o.message}`).join('; ')}`;
    } else {
      othersNote.hidden = true;
      othersNote.textContent = '';
    }
    if (problems.length !== state.problemCount) {
      if (state.problemCount !== -1 || problems.length) {
        say(problems.length === 0 ? 'No problems on this page.' : `${problems.length} problem${problems.length === 1 ? '' : 's'} on this page: see the list under the page text.`);
      }
      state.problemCount = problems.length;
    }
    return firstField;
  }

  // ---- Preview ----------------------------------------------------------------------------

  let timer = 0;
  let asked = 0;
  function schedulePreview(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(runPreview, delay);
  }

  async function runPreview() {
    const mine = ++asked;
    const r = await call('POST', 'preview', draft());
    if (mine !== asked) return;
    if (r.status !== 200) {
      fail(r.json.error);
      return;
    }
    if (r.json.preview) {
      preview.src = r.json.preview;
      main.dataset.previewed = String(mine);
    } else if (r.json.lastGood && !main.dataset.previewed) {
      // Nothing built yet from this text: the site's last good version of the page.
      preview.src = r.json.lastGood;
      main.dataset.previewed = 'last-good';
    }
    showProblems(r.json.problems || [], r.json.bodyLine || 1, r.json.otherProblems || []);
    showStale(Boolean(r.json.stale));
  }

  // While the text does not build, the preview keeps the last version that did, and says so
  // in a live region of its own (announced after the problems, not instead of them).
  const STALE = 'The preview shows the last version that could be built: it follows your text again once the errors listed under the page text are put right.';
  function showStale(stale) {
    const note = $('preview-stale');
    if ((note.textContent !== '') === stale) return;
    note.textContent = stale ? STALE : '';
    preview.title = stale ? 'Preview of this page: the last version that could be built' : 'Preview of this page with your changes';
  }

  function changed() {
    state.dirty = true;
    schedulePreview(700);
  }

  // ---- Saving -----------------------------------------------------------------------------

  function showConflict(j) {
    state.diskVersion = j.version;
    $('conflict-disk').value = j.disk;
    $('conflict-yours').value = j.yours;
    const section = $('conflict');
    section.hidden = false;
    section.focus();
  }

  async function save(thenView) {
    clearAlert();
    const buttons = [$('save'), $('save-view')];
    for (const b of buttons) b.disabled = true;
    const r = await call('POST', 'save', { ...draft(), override: state.override });
    for (const b of buttons) b.disabled = false;
    finishSave(r, () => save(thenView), thenView);
  }

  function finishSave(r, again, thenView) {
    if (r.status === 200) {
      state.version = r.json.version;
      state.dirty = false;
      $('conflict').hidden = true;
      $('override').hidden = true;
      showHistory(r.json.history || []);
      const time = new Date().toLocaleTimeString('en-GB');
      const what = r.json.restored ? 'Restored the earlier version and saved it' : 'Saved';
      say(`${what} at ${time}${r.json.copied ? `, as your own copy in ${r.json.copied}` : ` in ${r.json.file}`}.`);
      if (thenView) {
        window.location.assign(pageUrl);
      } else if (r.json.restored) {
        load();
      } else {
        schedulePreview(0);
      }
      return;
    }
    if (r.json.conflict) {
      fail(r.json.error);
      showConflict(r.json);
      return;
    }
    if (r.json.needsOverride) {
      state.pending = again;
      $('override-text').textContent = r.json.error;
      const section = $('override');
      section.hidden = false;
      $('override-save').focus();
      return;
    }
    fail(r.json.error + (r.json.hint ? ' ' + r.json.hint : ''));
    if (r.json.problems) {
      const first = showProblems(r.json.problems, 1, []);
      if (first) first.focus();
    } else {
      alertBox.focus();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save(false);
  });
  $('save-view').addEventListener('click', () => save(true));
  body.addEventListener('input', changed);

  // ---- Pasting from Word or a web page ---------------------------------------------------

  // The server's bound (MAX_PASTE in src/serve/edit/paste.rs).
  const MAX_PASTE = 1024 * 1024;

  // Inserts `text` over the selection as typing does, so the browser's own undo (Ctrl+Z)
  // takes it back in one step; where the browser cannot, the text is set directly.
  function insertText(text) {
    body.focus();
    let done = false;
    try {
      done = document.execCommand('insertText', false, text);
    } catch {
      done = false;
    }
    if (!done) {
      body.setRangeText(text, body.selectionStart, body.selectionEnd, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  // Markdown of blocks (paragraphs, headings, lists) pasted inside a line would join that
  // line: it gets the empty lines Markdown needs around it. Words alone stay inline.
  function withRoom(markdown) {
    if (!markdown.includes('\n') && !/^(#|[-*+] |\d+[.)] |> )/.test(markdown)) return markdown;
    const before = body.value.slice(0, body.selectionStart);
    const after = body.value.slice(body.selectionEnd);
    const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const tail = after.startsWith('\n\n') ? '' : after.startsWith('\n') || after === '' ? '\n' : '\n\n';
    return lead + markdown + tail;
  }

  // Formatted text (Word, a web page) is sent to the server, which keeps headings, lists,
  // bold, italics and links as Markdown. Plain text is pasted by the browser as usual. If the
  // server cannot convert it, the plain text is pasted instead: a paste is never lost.
  body.addEventListener('paste', async (e) => {
    const data = e.clipboardData;
    const html = data ? data.getData('text/html') : '';
    if (!html) return;
    e.preventDefault();
    const plain = data.getData('text/plain');
    const before = body.value;
    const start = body.selectionStart;
    const end = body.selectionEnd;
    const r = new TextEncoder().encode(html).length > MAX_PASTE
      ? { status: 413, json: { error: 'it is larger than 1 MB as formatted text' } }
      : await call('POST', 'paste', { html });
    // Typed into meanwhile: the paste goes where the cursor is now.
    if (body.value === before) body.setSelectionRange(start, end);
    const markdown = r.status === 200 && typeof r.json.markdown === 'string' ? r.json.markdown : '';
    if (markdown.trim()) {
      insertText(withRoom(markdown));
      say('Pasted as Markdown: kept headings, lists, bold, italics and links, dropped fonts, colours and images. Ctrl+Z takes the paste back.');
      return;
    }
    if (plain) insertText(plain);
    const why = r.status === 200 ? 'nothing in its formatting could be kept' : (r.json.error || 'its formatting could not be read').replace(/\.\s*$/, '');
    say(plain ? `Pasted as plain text, without formatting: ${why}.` : `Nothing was pasted: ${why}.`);
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && !form.hidden) {
      e.preventDefault();
      save(false);
    }
  });
  $('conflict-mine').addEventListener('click', () => {
    state.version = state.diskVersion;
    save(false);
  });
  $('conflict-theirs').addEventListener('click', async () => {
    $('conflict').hidden = true;
    if (await load()) say('Loaded the version in the file. Your changes were set aside.');
  });
  $('override-save').addEventListener('click', () => {
    state.override = true;
    $('override').hidden = true;
    if (state.pending) state.pending();
  });
  // Focus moved to the preview from a script does not scroll it into view by itself.
  preview.addEventListener('focus', () => preview.scrollIntoView({ block: 'nearest' }));
  window.addEventListener('beforeunload', (e) => {
    if (state.dirty) e.preventDefault();
  });

  // ---- Earlier versions ---------------------------------------------------------------------

  function showHistory(versions) {
    const list = $('history');
    list.replaceChildren();
    $('history-none').hidden = versions.length > 0;
    for (const v of versions) {
      const li = document.createElement('li');
      const text = document.createElement('span');
      const kb = Math.max(1, Math.round(v.bytes / 1024));
      text.textContent = `${v.when} (${kb} KB) `;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = `Restore the version from ${v.when}`;
      button.addEventListener('click', () => restore(v));
      li.append(text, button);
      list.append(li);
    }
  }

  async function restore(v) {
    if (state.dirty && !window.confirm(`Restoring the version from ${v.when} replaces the page, and the changes you have not saved here. Go on?`)) return;
    clearAlert();
    const r = await call('POST', 'restore', { id, name: v.name, version: state.version, override: state.override });
    if (r.json.conflict) {
      fail(r.json.error + ' Press "Take the file\'s version" to load it, then restore again.');
      showConflict(r.json);
      return;
    }
    finishSave(r, () => restore(v), false);
  }

  load();
})();
