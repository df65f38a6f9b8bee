/* careerguide default theme: small enhancements only. Everything works without this file. */
(function () {
  'use strict';
  if (!document.querySelectorAll || typeof window.print !== 'function') { return; }
  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }
  ready(function () {
    var buttons = document.querySelectorAll('.print-button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].removeAttribute('hidden');
      buttons[i].addEventListener('click', function () { window.print(); });
    }
  });
}());
