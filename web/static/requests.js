// Lotse staff screens: an htmx request that fails (a 403, 404, 409 or 5xx answer, or no answer at all) swaps
// nothing in, so without this the click would seem to do nothing. Say so in the page's alert line instead;
// the next request that succeeds clears it.
(() => {
  const line = () => document.getElementById("request-error");
  const show = (text) => {
    const target = line();
    if (!target) return;
    target.textContent = text;
    target.hidden = false;
  };
  document.addEventListener("htmx:responseError", (event) => {
    const target = line();
    if (target) show(target.dataset.answered.replace("{status}", String(event.detail.xhr.status)));
  });
  document.addEventListener("htmx:sendError", () => {
    const target = line();
    if (target) show(target.dataset.unanswered);
  });
  // The counselling form: from the first keystroke or choice until the plan for it is in, the plan on screen is
  // outdated: its content is inert (no click, no key, no print of the plan before the change) and marked busy.
  // Each input is counted; a request carries the count it was sent with, and only the answer to the latest
  // input clears the mark (an earlier answer arriving while a later change waits does not). A request that
  // fails leaves the plan outdated, but no longer busy: the alert line says what happened.
  const plan = () => document.getElementById("plan");
  let inputs = 0;
  const setOutdated = (outdated) => {
    const target = plan();
    if (!target) return;
    target.classList.toggle("outdated", outdated);
    for (const child of target.children) {
      if (child.tagName !== "H2" && !child.classList.contains("loading")) child.inert = outdated;
    }
  };
  const setBusy = (busy) => {
    const target = plan();
    if (!target) return;
    target.classList.toggle("updating", busy);
    if (busy) target.setAttribute("aria-busy", "true"); else target.removeAttribute("aria-busy");
  };
  const fromForm = (event) => event.detail.elt && event.detail.elt.classList && event.detail.elt.classList.contains("profile-form");
  document.addEventListener("input", (event) => {
    if (!(event.target.closest && event.target.closest(".profile-form"))) return;
    inputs += 1;
    setOutdated(true);
    setBusy(true);
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (fromForm(event)) event.detail.xhr.lotseInputs = inputs;
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    // Only the answer to the latest input is the plan for the form as it is now; an earlier one is outdated at once.
    if (event.detail.target === plan()) setOutdated(!(event.detail.xhr && event.detail.xhr.lotseInputs === inputs));
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (fromForm(event) && event.detail.xhr && event.detail.xhr.lotseInputs === inputs) setBusy(false);
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const target = line();
    if (target && event.detail.successful) { target.hidden = true; target.textContent = ""; }
  });
})();
