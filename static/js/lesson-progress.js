// How far down a lesson the learner read: the furthest point, in percent, sent when the page
// is hidden or left (progress:lesson-position). Nothing is sent if they did not scroll.
(function () {
  "use strict";
  var form = document.querySelector("form[data-lesson-position]");
  var body = document.querySelector(".lesson-body");
  if (!form || !body) {
    return;
  }
  var furthest = 0;
  var sent = 0;

  function measure() {
    var box = body.getBoundingClientRect();
    var seen = window.innerHeight - box.top;
    var percent = box.height > 0 ? Math.round((100 * seen) / box.height) : 100;
    furthest = Math.max(furthest, Math.min(100, Math.max(0, percent)));
  }

  function send() {
    if (furthest <= sent) {
      return;
    }
    sent = furthest;
    var data = new FormData(form);
    data.set("position", String(furthest));
    fetch(form.action, { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
  }

  window.addEventListener("scroll", measure, { passive: true });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      send();
    }
  });
  window.addEventListener("pagehide", send);
  measure();
})();
