// The attempt page: autosave, a copy kept in the browser when the network fails, and the
// countdown. No inline scripts: the page passes everything through data attributes, and every
// message the learner reads comes translated from the template (data-msg-*).
"use strict";

(function () {
  const form = document.getElementById("attempt-form");
  if (!form) {
    return;
  }
  const DEBOUNCE_MS = 1500;
  const MAX_RETRY_MS = 60000;
  const status = form.querySelector("[data-autosave-status]");
  const revisionInput = form.querySelector("input[name=revision]");
  const csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  const storageKey = "docent-attempt-" + form.dataset.attemptId;

  let timer = null; // the debounce or retry timer
  let inFlight = null; // the promise of the save being sent
  let dirty = false; // answers changed since the last save was sent
  let stopped = false; // a stale page or a closed attempt: no more autosaving
  let retryDelay = 2000;
  let submitting = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function answers() {
    const entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        entries.push([name, String(value)]);
      }
    });
    return entries;
  }

  // A copy of the answers in this browser, with the revision they were based on.
  function keepCopy() {
    try {
      const copy = { revision: Number(revisionInput.value), answers: answers(), at: Date.now() };
      window.localStorage.setItem(storageKey, JSON.stringify(copy));
    } catch (error) {
      // Storage full or disabled: the retry still runs.
    }
  }

  function dropCopy() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing to drop.
    }
  }

  function readCopy() {
    try {
      const copy = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      return copy && Array.isArray(copy.answers) ? copy : null;
    } catch (error) {
      return null;
    }
  }

  function stop(message, link) {
    stopped = true;
    window.clearTimeout(timer);
    dropCopy();
    say(message + " " + form.dataset.msgStopped);
    if (link && status) {
      const anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = form.dataset.msgReview;
      status.append(" ", anchor);
    }
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function save() {
    timer = null;
    if (stopped || inFlight || !dirty) {
      return inFlight || Promise.resolve();
    }
    dirty = false;
    const body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      body.append(name, String(value));
    });
    say(form.dataset.msgSaving);
    inFlight = fetch(form.dataset.saveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": csrfInput ? csrfInput.value : "",
        "X-Requested-With": "fetch",
        Accept: "application/json",
      },
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            return { response: response, data: data };
          });
      })
      .then(function (result) {
        const response = result.response;
        const data = result.data;
        if (response.ok) {
          revisionInput.value = data.revision;
          retryDelay = 2000;
          dropCopy();
          const time = new Date(data.saved_at).toLocaleTimeString([], {
            hour: "2-digit",
            minute: "2-digit",
          });
          say(fill(form.dataset.msgSaved, { time: time }));
        } else if (response.status === 409) {
          stop(data.error || "", data.review_url);
        } else if (response.status === 400) {
          say(form.dataset.msgInvalid);
        } else {
          throw new Error("HTTP " + response.status);
        }
      })
      .catch(function () {
        // The network (or the server) failed: keep a copy here and try again, less often.
        dirty = true;
        keepCopy();
        say(form.dataset.msgRetry);
        schedule(retryDelay);
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
      })
      .finally(function () {
        inFlight = null;
        if (dirty && !stopped && timer === null) {
          schedule(DEBOUNCE_MS);
        }
      });
    return inFlight;
  }

  function changed() {
    if (stopped || submitting) {
      return;
    }
    dirty = true;
    schedule(DEBOUNCE_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Submitting (either button) waits for a save on its way, so the revision it carries is
  // the newest; the form itself then carries every answer.
  form.addEventListener("submit", function (event) {
    if (submitting) {
      return;
    }
    window.clearTimeout(timer);
    timer = null;
    if (!inFlight) {
      submitting = true;
      dropCopy();
      return;
    }
    event.preventDefault();
    const submitter = event.submitter;
    inFlight.finally(function () {
      submitting = true;
      dropCopy();
      form.requestSubmit(submitter || undefined);
    });
  });

  // Answers this browser kept that the server never got: offer them back.
  const offer = form.querySelector("[data-restore-offer]");
  const copy = readCopy();
  if (offer && copy && copy.revision >= Number(revisionInput.value)) {
    offer.hidden = false;
    offer.querySelector("[data-restore]").addEventListener("click", function () {
      restore(copy.answers);
      offer.hidden = true;
      dirty = true;
      save();
    });
    offer.querySelector("[data-discard]").addEventListener("click", function () {
      dropCopy();
      offer.hidden = true;
    });
  } else if (copy) {
    dropCopy(); // the server has newer answers than the copy
  }

  function restore(entries) {
    const values = {};
    entries.forEach(function (entry) {
      if (entry[0] !== "revision") {
        (values[entry[0]] = values[entry[0]] || []).push(entry[1]);
      }
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "revision" || element.type === "hidden") {
        return;
      }
      const chosen = values[element.name] || [];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = chosen.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" || "value" in element) {
        element.value = chosen.length ? chosen[0] : "";
      }
    });
  }
})();

// The countdown: the server says how many seconds were left when it sent the page; screen
// readers hear it at 10, 5 and 1 minute left, not every second. At zero the page submits
// itself (the server enforces the deadline whatever the browser does).
(function () {
  const clock = document.querySelector("[role=timer][data-remaining-seconds]");
  const form = document.getElementById("attempt-form");
  if (!clock || !form) {
    return;
  }
  const announcer = document.querySelector("[data-timer-announcer]");
  const end = Date.now() + Number(clock.dataset.remainingSeconds) * 1000;
  const announceAt = [10, 5, 1];
  const announced = {};
  let done = false;

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function tick() {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const hours = Math.floor(left / 3600);
    const minutes = Math.floor((left % 3600) / 60);
    const seconds = left % 60;
    clock.textContent =
      (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(seconds);
    announceAt.forEach(function (mark) {
      if (!announced[mark] && left <= mark * 60 && left > (mark - 1) * 60) {
        announced[mark] = true;
        announcer.textContent =
          mark === 1
            ? clock.dataset.msgLeftOne
            : clock.dataset.msgLeft.replace("{minutes}", String(mark));
      } else if (left <= mark * 60) {
        announced[mark] = true; // already past this mark when the page loaded
      }
    });
    if (left <= 60) {
      clock.classList.add("attempt-timer-urgent");
    }
    if (left === 0 && !done) {
      done = true;
      announcer.textContent = clock.dataset.msgUp;
      // Time is up: submit as the page stands, without the summary of blank questions.
      const confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirm";
      confirmed.value = "1";
      form.appendChild(confirmed);
      const finish = form.querySelector("[data-finish]");
      form.requestSubmit(finish || undefined);
      return;
    }
    window.setTimeout(tick, 1000 - (Date.now() % 1000) || 1000);
  }
  tick();
})();
