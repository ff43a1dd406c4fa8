// Docent's own scripts. No inline scripts in templates: everything lives here.
"use strict";

// Collapsible panels (<details data-open-on-wide-screens>) start open where there is room
// for them beside the content, and closed on phones.
(function () {
  const wide = window.matchMedia("(min-width: 992px)");
  const panels = document.querySelectorAll("details[data-open-on-wide-screens]");
  function sync() {
    panels.forEach(function (panel) {
      panel.open = wide.matches;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();
