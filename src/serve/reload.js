// careerguide serve: reloads this page when a save changes it, and shows build problems.
// Served by the preview only (never part of the published site), as a file so that the
// page's Content-Security-Policy (default-src 'self') allows it. No inline styles either:
// everything is done with classes and the `hidden` attribute.
(function () {
  "use strict";

  var script = document.currentScript;
  var pageBuild = Number(script && script.getAttribute("data-build")) || 0;
  var page = (script && script.getAttribute("data-page")) || "";
  var source = null;
  var overlay = null;
  var returnFocusTo = null;
  var dismissedBuild = -1;
  var reloading = false;
  // Warnings dismissed in this tab stay dismissed on other pages until they change.
  var WARNINGS_KEY = "careerguide-dismissed-warnings";

  function pathOf(address) {
    try {
      return decodeURIComponent(new URL(address, location.href).pathname);
    } catch (e) {
      return "";
    }
  }

  // Files this page loaded: stylesheets, scripts, images, and anything fetched since
  // (a search index). A changed file the page never used does not reload it.
  function usedHere(path) {
    var wanted = "/" + path;
    var entries = performance.getEntriesByType ? performance.getEntriesByType("resource") : null;
    if (!entries) return true;
    for (var i = 0; i < entries.length; i++) {
      if (pathOf(entries[i].name) === wanted) return true;
    }
    var els = document.querySelectorAll("link[href], script[src], img[src], source[src], video[src], audio[src]");
    for (var j = 0; j < els.length; j++) {
      if (pathOf(els[j].href || els[j].src) === wanted) return true;
    }
    return false;
  }

  // Reload when this page's own file changed, or a file it uses.
  function concernsThisPage(changed) {
    if (changed === null) return true;
    for (var i = 0; i < changed.length; i++) {
      if (changed[i] === page) return true;
      if (!/\.html$/.test(changed[i]) && usedHere(changed[i])) return true;
    }
    return false;
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function location_of(p) {
    var at = p.file || "";
    if (p.line) at += ":" + p.line;
    if (p.line && p.column) at += ":" + p.column;
    return at;
  }

  function hide() {
    if (!overlay || overlay.hidden) return;
    overlay.hidden = true;
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
    // A page opened while the build was broken had nothing focused (body) before the panel:
    // focus would stay on the hidden Dismiss button until the browser noticed. Leave it now.
    if (overlay.contains(document.activeElement)) document.activeElement.blur();
    returnFocusTo = null;
  }

  function reload() {
    reloading = true;
    location.reload();
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // "2 warnings and 1 note": a note (links to a page hidden by `hide:`) is nothing to fix.
  function kinds(problems) {
    var notes = problems.filter(function (p) { return p.severity === "note"; }).length;
    var warnings = problems.length - notes;
    return [
      warnings ? plural(warnings, "warning") : "",
      notes ? plural(notes, "note") : ""
    ].filter(Boolean).join(" and ");
  }

  function warningsKey(warnings) {
    return JSON.stringify(warnings);
  }

  function dismissedWarnings() {
    try {
      return sessionStorage.getItem(WARNINGS_KEY);
    } catch (e) {
      return null;
    }
  }

  // A good build: its warnings in a panel that does not take focus (the page is usable as
  // it is), unless these very warnings were dismissed in this tab.
  function showWarnings(status) {
    var warnings = status.warnings || [];
    if (!warnings.length || dismissedWarnings() === warningsKey(warnings)) {
      hide();
      return;
    }
    show(status, warnings);
  }

  // `warnings` given: the panel of a good build's warnings; otherwise the latest build's
  // problems, over the last good version.
  function show(status, warnings) {
    var isWarnings = !!warnings;
    if (!isWarnings && status.build <= dismissedBuild) return;
    if (overlay) overlay.remove();
    var problems = isWarnings ? warnings : status.problems || [];

    overlay = text("div", "careerguide-dev-overlay" + (isWarnings ? " careerguide-dev-overlay--warnings" : ""));
    overlay.id = "careerguide-dev-overlay";
    // Problems interrupt (the page is out of date); warnings are there to read when ready.
    overlay.setAttribute("role", isWarnings ? "region" : "alertdialog");
    overlay.setAttribute("aria-labelledby", "careerguide-dev-overlay-title");
    overlay.setAttribute("aria-describedby", "careerguide-dev-overlay-intro");
    overlay.tabIndex = -1;

    var box = text("div", "careerguide-dev-overlay__box");
    var title = text(
      "h2",
      "careerguide-dev-overlay__title",
      isWarnings
        ? "The site was built, with " + kinds(problems)
        : "The site could not be rebuilt: " + plural(problems.length, "problem")
    );
    title.id = "careerguide-dev-overlay-title";
    box.appendChild(title);
    var intro = text(
      "p",
      "careerguide-dev-overlay__intro",
      isWarnings
        ? "This page is up to date. Fix these before publishing (careerguide check lists the same): this panel updates by itself when you save."
        : "You are looking at the last version that worked. Fix the problem below and save the file: this page updates by itself."
    );
    intro.id = "careerguide-dev-overlay-intro";
    box.appendChild(intro);

    var list = text("ol", "careerguide-dev-overlay__problems");
    problems.forEach(function (p) {
      var item = text("li", "careerguide-dev-overlay__problem");
      item.appendChild(text("p", "careerguide-dev-overlay__where", location_of(p)));
      item.appendChild(text("p", "careerguide-dev-overlay__message", p.message));
      if (p.source_line) {
        var pre = text("pre", "careerguide-dev-overlay__source");
        pre.appendChild(text("code", "", (p.line ? p.line + " | " : "") + p.source_line));
        item.appendChild(pre);
      }
      // Longer text under the location (e.g. a diff), one line per line, folded away
      // behind a button so a long one does not push the hint and Dismiss off the panel.
      // textContent only: the text is never parsed as HTML.
      if (p.detail) {
        var more = text("details", "careerguide-dev-overlay__detail");
        more.appendChild(text("summary", "careerguide-dev-overlay__detail-summary", "Show the details"));
        var shown = text("pre", "careerguide-dev-overlay__source");
        shown.appendChild(text("code", "", p.detail));
        more.appendChild(shown);
        item.appendChild(more);
      }
      if (p.hint) {
        var hint = text("p", "careerguide-dev-overlay__hint");
        hint.appendChild(text("strong", "", "What to do: "));
        hint.appendChild(document.createTextNode(p.hint));
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);

    var dismiss = text("button", "careerguide-dev-overlay__dismiss", "Dismiss");
    dismiss.type = "button";
    var close = function () {
      if (isWarnings) {
        try {
          sessionStorage.setItem(WARNINGS_KEY, warningsKey(problems));
        } catch (e) {
          // Storage refused: dismissed on this page only.
        }
      } else {
        dismissedBuild = status.build;
      }
      hide();
    };
    dismiss.addEventListener("click", close);
    box.appendChild(dismiss);
    overlay.appendChild(box);
    overlay.setAttribute("data-build", String(status.build));
    overlay.careerguideClose = close;

    document.body.appendChild(overlay);
    if (isWarnings) return;
    if (!returnFocusTo) returnFocusTo = document.activeElement;
    overlay.focus();
  }

  // Escape closes the panel wherever focus is.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && overlay && !overlay.hidden) {
      overlay.careerguideClose();
    }
  });

  function onStatus(status) {
    if (status.ok) {
      if (status.build > pageBuild) reload();
      else showWarnings(status);
    } else {
      show(status);
    }
  }

  function connect() {
    if (source || typeof EventSource === "undefined") return;
    source = new EventSource("/__careerguide/events");
    // Sent first on every connection: a page opened (or brought back) while the build is
    // broken shows the problem; one older than the site reloads.
    source.addEventListener("status", function (e) {
      onStatus(JSON.parse(e.data));
    });
    source.addEventListener("reload", function (e) {
      var data = JSON.parse(e.data);
      if (concernsThisPage(data.changed)) {
        reload();
      } else if (!reloading) {
        pageBuild = data.build;
        // This page stays as it is; the warnings may have changed all the same.
        fetch("/__careerguide/status")
          .then(function (r) {
            return r.json();
          })
          .then(function (status) {
            if (status.ok) showWarnings(status);
          })
          .catch(hide);
      }
    });
    source.addEventListener("build-error", function (e) {
      show(JSON.parse(e.data));
    });
    source.addEventListener("ok", function (e) {
      var status = JSON.parse(e.data);
      pageBuild = status.build;
      showWarnings(status);
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  // Browsers allow about six connections to one server: only visible tabs listen, and a
  // tab brought back catches up from the status sent when it reconnects.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  if (!document.hidden) connect();
})();
