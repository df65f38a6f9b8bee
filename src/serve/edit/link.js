// `careerguide serve --edit`: keeps the editing key this tab was opened with (the part of the
// address after #edit=, never sent to the server) and hands it on to the "Edit this page" link.
(() => {
  'use strict';
  const KEY = 'careerguide-edit-token';
  let token = null;
  try {
    const m = /(?:^#|&)edit=([0-9a-f]{32})(?:&|$)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem(KEY, m[1]);
      history.replaceState(history.state, '', location.pathname + location.search);
    }
    token = sessionStorage.getItem(KEY);
  } catch {
    // Storage turned off: the link still opens the editor, which explains what to do.
  }
  if (!token) return;
  for (const a of document.querySelectorAll('a.careerguide-edit-link')) {
    a.hash = 'edit=' + token;
  }
})();
