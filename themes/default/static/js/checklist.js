/* careerguide: checklists and printing.
   - Remembers ticks in this browser only (localStorage), keyed by each item's stable id.
     Nothing is sent anywhere. Without JavaScript (or storage) the boxes still work.
   - Shows the "X of Y done" progress line and the "Clear all ticks" button.
   - For paper: writes this page's address into the print footer and the full address of
     every link (printed after the link text by checklist.css).
   Linked from checklist.html and print.html only. */
(function () {
  'use strict';
  if (!document.querySelectorAll || !window.addEventListener) { return; }

  var PREFIX = 'careerguide:checklist:';

  /* localStorage can throw (disabled, file://, private mode, quota): degrade silently. */
  function storage() {
    try {
      var s = window.localStorage;
      if (!s) { return null; }
      var probe = PREFIX + '__probe__';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function readIds(store, key) {
    if (!store) { return []; }
    try {
      var raw = store.getItem(key);
      if (!raw) { return []; }
      var parsed = JSON.parse(raw);
      /* Accept both a plain list of ids and {ticked: [...]}. */
      var list = Array.isArray(parsed) ? parsed : (parsed && Array.isArray(parsed.ticked) ? parsed.ticked : []);
      return list.filter(function (x) { return typeof x === 'string'; });
    } catch (e) {
      return [];
    }
  }

  function writeIds(store, key, ids) {
    if (!store) { return; }
    try {
      if (ids.length) { store.setItem(key, JSON.stringify(ids)); } else { store.removeItem(key); }
    } catch (e) { /* full or disabled: ticks just are not remembered */ }
  }

  /* A CSS string literal. */
  function cssString(text) {
    return '"' + String(text).replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ') + '"';
  }

  /* This page's address for paper: the published one, else where it was opened from, but never
     a file:// path (a copy on a shared drive), which would mean nothing to another reader. */
  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && canonical.href) { return canonical.href; }
    var here = String(window.location.href).split('#')[0];
    return /^https?:/i.test(here) ? here : '';
  }

  /* ---------- Checklist ---------- */
  function setUpChecklist() {
    var body = document.querySelector('.checklist-body[data-checklist-id]');
    var boxes = document.querySelectorAll('.task-checkbox');
    if (!body || !boxes.length) { return; }
    var key = PREFIX + body.getAttribute('data-checklist-id');
    var store = storage();
    var progress = document.querySelector('.checklist-progress');
    var clear = document.querySelector('.checklist-clear');
    var saved = document.querySelector('.checklist-saved-note');

    /* Ticks kept from an earlier visit. Ids of items that no longer exist are dropped on the
       next save; every other item keeps its tick because its id comes from its own text. */
    function restore(always) {
      var record = null;
      try { record = store.getItem(key); } catch (e) { record = null; }
      /* Nothing saved yet: keep the page as it came (unless another tab just cleared it). */
      if (record === null && !always) { return; }
      var kept = readIds(store, key);
      for (var i = 0; i < boxes.length; i++) {
        /* Storage is the record: this also undoes a browser's own form restoring on reload. */
        boxes[i].checked = kept.indexOf(boxes[i].id) !== -1;
      }
    }
    if (store) { restore(); }

    function ticked() {
      var ids = [];
      for (var j = 0; j < boxes.length; j++) {
        if (boxes[j].checked) { ids.push(boxes[j].id); }
      }
      return ids;
    }

    var lastText = '';
    function showProgress() {
      if (!progress) { return; }
      var text = ticked().length + ' of ' + boxes.length + ' done';
      /* Only touch the live region when the words change, so it is announced once. */
      if (text !== lastText) {
        progress.textContent = text;
        lastText = text;
      }
      progress.hidden = false;
    }

    function save() {
      writeIds(store, key, ticked());
      showProgress();
    }

    body.addEventListener('change', function (event) {
      var t = event.target;
      if (t && t.classList && t.classList.contains('task-checkbox')) { save(); }
    });
    showProgress();

    /* The same checklist ticked in another tab of this browser. */
    if (store) {
      window.addEventListener('storage', function (event) {
        if (event.key === key || event.key === null) { restore(true); showProgress(); }
      });
    }

    if (saved && store) { saved.hidden = false; }

    if (clear) {
      clear.hidden = false;
      clear.addEventListener('click', function () {
        if (!ticked().length) { return; }
        var sure = true;
        try {
          sure = window.confirm('Clear all ticks on this checklist? This cannot be undone.');
        } catch (e) { sure = true; }
        if (!sure) { return; }
        for (var j = 0; j < boxes.length; j++) { boxes[j].checked = false; }
        save();
      });
    }
  }

  /* ---------- Paper ---------- */
  function setUpPrint() {
    var address = pageAddress();
    /* The running footer on every printed page (checklist.css puts it in the page's bottom
       margin): this page's address and, on a second line, its review dates. */
    var dates = [];
    var reviewed = document.querySelectorAll('.review-dates p');
    for (var r = 0; r < reviewed.length; r++) {
      var words = reviewed[r].textContent.replace(/\s+/g, ' ').trim();
      if (words) { dates.push(words); }
    }
    var footer = [address ? cssString(address) : '', dates.length ? cssString(dates.join(' \u00b7 ')) : '']
      .filter(function (part) { return part; }).join(' "\\A " ');
    try {
      document.documentElement.style.setProperty('--cg-print-footer', footer);
    } catch (e) { /* old browser: the address is still printed under the title */ }
    var slots = document.querySelectorAll('.print-address');
    for (var i = 0; i < slots.length; i++) {
      if (!slots[i].textContent.replace(/\s+/g, '')) { slots[i].textContent = address; }
    }
    /* On paper a link cannot be followed: after a link to a guide section printed on this page
       (the whole-guide print), the section's title; after any other link within the site, its
       published address when the page has one (base_url), else nothing: never a file:// or
       preview address. Addresses of other sites are printed by site.css. */
    var sections = {};
    var printed = document.querySelectorAll('.print-section[data-url]');
    for (var s = 0; s < printed.length; s++) {
      var heading = printed[s].querySelector('h2');
      try {
        sections[new URL(printed[s].getAttribute('data-url'), window.location.href).href.split('#')[0]] =
          heading ? heading.textContent.replace(/\s+/g, ' ').trim() : '';
      } catch (e) { /* no URL support: no titles */ }
    }
    var published = /^https?:/i.test(address) && !!document.querySelector('link[rel="canonical"]');
    var links = document.querySelectorAll('main a[href]');
    var here = address.split('#')[0];
    for (var k = 0; k < links.length; k++) {
      var a = links[k];
      var raw = a.getAttribute('href');
      if (!raw || raw.charAt(0) === '#' || /^[a-z][a-z0-9+.-]*:/i.test(raw)) { continue; }
      if (a.closest && a.closest('.page-actions, .print-contents, .contents')) { continue; }
      var target = String(a.href).split('#')[0];
      if (sections[target]) {
        a.setAttribute('data-print-see', sections[target]);
        continue;
      }
      if (!published) { continue; }
      /* Resolve against the published address, so paper readers get the real address, not
         the one of a preview or a copy on disk. */
      var full;
      try { full = new URL(raw, address).href; } catch (e) { continue; }
      if (full.split('#')[0] === here) { continue; }
      a.setAttribute('data-print-href', full.replace(/\/index\.html(?=$|[#?])/, '/'));
    }
  }

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }
  ready(function () {
    setUpChecklist();
    setUpPrint();
  });
}());
