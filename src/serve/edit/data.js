// The glossary and resources forms of `careerguide serve --edit`. Everything shown that came
// from a file or an editor is set as text (textContent, value), never as HTML. Requests carry
// the editing key in a header; the key comes from the address (after #edit=) or this tab's
// storage, as on the edit page.
(() => {
  'use strict';
  const KEY = 'careerguide-edit-token';
  const API = '/__careerguide/edit/api/';
  const NEW_GROUP = '\u0000new';
  const $ = (id) => document.getElementById(id);
  const main = $('main');
  if (!main || !main.dataset.which) return;
  const which = main.dataset.which;
  const form = $('data-form');
  const status = $('status');
  const alertBox = $('alert');
  const groupSelect = $('d-group');

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
  const token = readToken();

  const state = { version: null, fields: [], editing: null };

  function say(text) {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = text;
    }, 60);
  }

  function fail(text, focus) {
    alertBox.textContent = text;
    alertBox.hidden = false;
    if (focus) alertBox.focus();
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
      return { status: 0, json: { error: 'The preview server does not answer: is `careerguide serve --edit` still running? Your entry is still here; copy it somewhere safe.' } };
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
    fail('To change the glossary or the resources, open the address that `careerguide serve --edit` printed in the terminal (it ends with #edit= and a key), then come back here.', true);
    return;
  }

  // ---- The form -------------------------------------------------------------------------

  const input = (key) => $('d-' + key);

  function describe(el, withError) {
    const ids = [el.id + '-help'];
    if (withError) ids.push(el.id + '-error');
    el.setAttribute('aria-describedby', ids.join(' '));
  }

  function buildFields(fields) {
    const list = $('field-list');
    list.replaceChildren();
    for (const f of fields) {
      const wrap = document.createElement('div');
      wrap.className = f.input === 'tick' ? 'field tick' : 'field';
      let el;
      if (f.input === 'tick') {
        el = document.createElement('input');
        el.type = 'checkbox';
      } else if (f.input === 'line') {
        el = document.createElement('input');
        el.type = 'text';
        el.setAttribute('autocomplete', 'off');
        if (f.key === 'url') {
          el.inputMode = 'url';
          el.spellcheck = false;
        }
      } else {
        el = document.createElement('textarea');
        el.rows = 3;
      }
      el.id = 'd-' + f.key;
      el.name = f.key;
      if (f.required) el.required = true;
      const label = document.createElement('label');
      label.htmlFor = el.id;
      label.textContent = f.label;
      const help = document.createElement('p');
      help.className = 'help';
      help.id = el.id + '-help';
      help.textContent = f.help;
      const error = document.createElement('p');
      error.className = 'field-error';
      error.id = el.id + '-error';
      error.hidden = true;
      describe(el, false);
      if (f.input === 'tick') wrap.append(el, label, help, error);
      else wrap.append(label, help, error, el);
      list.append(wrap);
    }
  }

  function clearFieldErrors() {
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      describe(el, false);
    }
    for (const e of form.querySelectorAll('.field-error')) {
      e.hidden = true;
      e.textContent = '';
    }
  }

  function words(p) {
    return p.message + (p.hint ? '. What to do: ' + p.hint : '');
  }

  // Shows each problem at its field; the first field with one is focused.
  function showProblems(problems) {
    clearFieldErrors();
    let first = null;
    for (const p of problems) {
      const el = p.field === 'group' ? groupSelect : p.field ? input(p.field) : null;
      if (!el) continue;
      const error = $(el.id + '-error');
      error.textContent = words(p);
      error.hidden = false;
      el.setAttribute('aria-invalid', 'true');
      describe(el, true);
      if (!first) first = el;
    }
    return first;
  }

  function values() {
    const out = {};
    for (const f of state.fields) {
      const el = input(f.key);
      out[f.key] = el.type === 'checkbox' ? (el.checked ? 'true' : 'false') : el.value;
    }
    return out;
  }

  function fillForm(entry) {
    for (const f of state.fields) {
      const el = input(f.key);
      const v = entry ? entry.values[f.key] || '' : '';
      if (el.type === 'checkbox') el.checked = v === 'true';
      else el.value = v;
    }
  }

  function group() {
    if (!groupSelect) return undefined;
    return groupSelect.value === NEW_GROUP ? $('d-new-group').value.trim() : groupSelect.value;
  }

  function followGroup() {
    if (groupSelect) $('new-group-field').hidden = groupSelect.value !== NEW_GROUP;
  }

  function startAdding() {
    state.editing = null;
    const add = which === 'glossary' ? 'Add a glossary term' : 'Add a resource';
    $('form-h').textContent = add;
    $('data-save').textContent = add;
    $('data-cancel').hidden = true;
    if (groupSelect) groupSelect.disabled = false;
    fillForm(null);
    clearFieldErrors();
  }

  function startChanging(entry, groupTitle) {
    state.editing = { key: entry.key, group: groupTitle };
    $('form-h').textContent = `Change “${entry.key}”`;
    $('data-save').textContent = 'Save the changes';
    $('data-cancel').hidden = false;
    if (groupSelect) {
      groupSelect.value = groupTitle;
      groupSelect.disabled = true;
      followGroup();
    }
    fillForm(entry);
    clearFieldErrors();
    clearAlert();
    $('form-h').focus();
  }

  // ---- The list -------------------------------------------------------------------------

  function entryItem(entry, groupTitle) {
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = entry.title + ' ';
    const where = document.createElement('span');
    where.className = 'help';
    where.textContent = `(${entry.file}) `;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = `Change “${entry.key}”`;
    button.addEventListener('click', () => startChanging(entry, groupTitle));
    li.append(text, where, button);
    return li;
  }

  function showEntries(data) {
    const box = $('entries');
    box.replaceChildren();
    if (which === 'glossary') {
      const ul = document.createElement('ul');
      ul.className = 'entries';
      for (const t of data.entries || []) ul.append(entryItem(t, undefined));
      box.append(ul);
      return;
    }
    const keep = groupSelect.value;
    groupSelect.replaceChildren();
    for (const g of data.groups || []) {
      const h = document.createElement('h3');
      h.textContent = g.title;
      const ul = document.createElement('ul');
      ul.className = 'entries';
      for (const r of g.items) ul.append(entryItem(r, g.title));
      box.append(h, ul);
      const o = document.createElement('option');
      o.value = g.title;
      o.textContent = g.title;
      groupSelect.append(o);
    }
    const o = document.createElement('option');
    o.value = NEW_GROUP;
    o.textContent = 'A new group…';
    groupSelect.append(o);
    if ([...groupSelect.options].some((x) => x.value === keep)) groupSelect.value = keep;
    followGroup();
  }

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

  async function load() {
    const r = await call('GET', 'data?file=' + encodeURIComponent(which));
    if (r.status !== 200) {
      fail(r.json.error, true);
      return false;
    }
    const data = r.json;
    state.version = data.version;
    if (!state.fields.length) {
      state.fields = data.fields;
      buildFields(data.fields);
    }
    $('where').textContent = data.local
      ? `Your entries are written to ${data.file} (the local layer, kept through upgrades); an entry of ${data.bundled} you change is copied there, and replaces the guide's.`
      : `They are kept in ${data.file}.`;
    if (data.page) {
      $('view').href = data.page;
      $('view').hidden = false;
    }
    showEntries(data);
    showHistory(data.history || []);
    form.hidden = false;
    return true;
  }

  // ---- Saving -----------------------------------------------------------------------------

  async function save() {
    clearAlert();
    $('conflict').hidden = true;
    if (groupSelect && !group()) {
      const el = groupSelect.value === NEW_GROUP ? $('d-new-group') : groupSelect;
      showProblems([{ field: groupSelect.value === NEW_GROUP ? 'new-group' : 'group', message: 'Choose the group the resource goes in, or type the new group’s heading' }]);
      fail('Not saved: choose the group the resource goes in.');
      el.focus();
      return;
    }
    const body = { file: which, fields: values(), version: state.version };
    if (groupSelect) body.group = group();
    if (state.editing) body.entry = state.editing.key;
    if (state.editing && groupSelect) body.group = state.editing.group;
    const button = $('data-save');
    button.disabled = true;
    const r = await call('POST', 'data/save', body);
    button.disabled = false;
    if (r.status === 200) {
      clearFieldErrors();
      const changed = Boolean(state.editing);
      const time = new Date().toLocaleTimeString('en-GB');
      await load();
      startAdding();
      say(`${changed ? 'Saved the changes to' : 'Added'} “${r.json.entry}” in ${r.json.file} at ${time}. The site is rebuilt with it in a moment.`);
      return;
    }
    if (r.json.conflict) {
      $('conflict-text').textContent = r.json.error;
      await load();
      $('conflict').hidden = false;
      $('conflict').focus();
      return;
    }
    // The alert says what is wrong (the first problem, in the build's words); each problem
    // of a field is shown at it too, and the first such field takes the focus.
    const first = showProblems(r.json.problems || []);
    fail(r.json.error, !first);
    if (first) first.focus();
  }

  async function restore(v) {
    if (!window.confirm(`Restoring the version from ${v.when} replaces the whole file, and every change made to it since. Go on?`)) return;
    clearAlert();
    const r = await call('POST', 'data/restore', { file: which, name: v.name, version: state.version });
    if (r.status !== 200) {
      fail(r.json.error, true);
      if (r.json.conflict) await load();
      return;
    }
    await load();
    startAdding();
    say(`Restored the version from ${v.when} in ${r.json.file}. The site is rebuilt with it in a moment.`);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });
  $('data-cancel').addEventListener('click', () => {
    startAdding();
    say('Stopped changing the entry; nothing was saved.');
    $('form-h').focus();
  });
  $('conflict-again').addEventListener('click', () => {
    $('conflict').hidden = true;
    save();
  });
  if (groupSelect) groupSelect.addEventListener('change', followGroup);

  load().then((ok) => {
    if (ok) startAdding();
  });
})();
