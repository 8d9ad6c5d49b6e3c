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
