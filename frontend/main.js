import { initAll } from "./nhsuk-frontend.min.js";

initAll();

// Background jobs (match runs, report PDFs): a region marked data-job-poll fetches its job's
// status every few seconds and swaps it in, until the job is no longer queued or running.
// Only a change of stage or the outcome is announced (in the region's aria-live status),
// not every percentage. Without JavaScript the region has a "Check again" link instead.
const POLL_MS = 3000;

function pollJob(region) {
  const live = region.parentElement.querySelector("[data-job-live]");
  const state = () => region.querySelector("[data-job-state]");
  let spoken = state()?.dataset.jobAnnounce || "";
  const tick = async () => {
    const current = state();
    if (!current || !["queued", "running"].includes(current.dataset.jobState)) return;
    try {
      const response = await fetch(region.dataset.jobPoll, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (response.ok) {
        region.innerHTML = await response.text();
        const words = state()?.dataset.jobAnnounce || "";
        if (live && words && words !== spoken) {
          live.textContent = words;
          spoken = words;
        }
      }
    } catch {
      // The network dropped for a moment: try again at the next tick.
    }
    window.setTimeout(tick, POLL_MS);
  };
  window.setTimeout(tick, POLL_MS);
}

document.querySelectorAll("[data-job-poll]").forEach(pollJob);

// Warning before idle sign-out (WCAG 2.2.1, the NHS "timeout" pattern). The server signs
// someone out after a stretch without a request; a little before that, a modal dialog says
// so and offers "Stay signed in", which tells the server in the background. Escape does the
// same. Tabs share the time of the latest activity, so a busy tab keeps a quiet one open.
const LAST_ACTIVITY = "mutuality-idle-deadline";

function sharedDeadline() {
  try {
    return Number(window.localStorage.getItem(LAST_ACTIVITY)) || 0;
  } catch {
    return 0;
  }
}

function shareDeadline(deadline) {
  try {
    window.localStorage.setItem(LAST_ACTIVITY, String(deadline));
  } catch {
    // Storage switched off: each tab keeps its own clock.
  }
}

function timeLeft(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

function idleWarning(dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Number(dialog.dataset.warnSeconds) * 1000;
  // The server notes activity at most this often, so its clock may have started earlier.
  const slack = Number(dialog.dataset.slackSeconds) * 1000;
  const stay = dialog.querySelector("[data-timeout-stay]");
  const left = dialog.querySelector("[data-timeout-left]");
  const signOut = document.getElementById("mutuality-timeout-sign-out");
  let deadline = Date.now() + idle - slack;
  let signingOut = false;
  shareDeadline(Math.max(deadline, sharedDeadline()));

  const keepAlive = async () => {
    try {
      const response = await fetch(stay.action, {
        method: "POST",
        body: new FormData(stay),
        headers: { "X-Mutuality-Keep-Alive": "1" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status !== 204) throw new Error("signed out already");
      deadline = Date.now() + idle;
      shareDeadline(deadline);
      dialog.close();
    } catch {
      // Signed out already, or the network dropped: the page itself says what to do.
      window.location.reload();
    }
  };

  stay.addEventListener("submit", (event) => {
    event.preventDefault();
    keepAlive();
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive();
  });

  window.setInterval(() => {
    deadline = Math.max(deadline, sharedDeadline());
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      if (!signingOut) {
        signingOut = true;
        signOut.submit();
      }
    } else if (remaining <= warn) {
      left.textContent = timeLeft(remaining);
      if (!dialog.open) dialog.showModal();
    } else if (dialog.open) {
      dialog.close();
    }
  }, 1000);
}

const timeout = document.getElementById("mutuality-timeout");
if (timeout && typeof timeout.showModal === "function") idleWarning(timeout);

// "Copy" buttons (the authenticator secret): keyboard users copy text they cannot select.
document.querySelectorAll("[data-copy]").forEach((button) => {
  if (!navigator.clipboard) return;
  const block = button.closest("[data-copy-block]");
  const status = block.querySelector("[data-copy-status]");
  block.hidden = false;
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied";
    } catch {
      status.textContent = "Could not copy: select the secret and copy it instead";
    }
  });
});
