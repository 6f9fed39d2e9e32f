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
  // The counselling form: from the first keystroke or choice until the new plan is in, the plan on screen is
  // outdated; its links and buttons wait (a print opened now would show the plan before the change).
  const plan = () => document.getElementById("plan");
  const outdated = (event) => {
    if (event.target.closest && event.target.closest(".profile-form") && plan()) {
      plan().classList.add("outdated");
      plan().setAttribute("aria-busy", "true");
    }
  };
  document.addEventListener("input", outdated);  // what sends the form (hx-trigger="input delay:500ms")
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === plan()) {
      plan().classList.remove("outdated");
      plan().removeAttribute("aria-busy");
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const target = line();
    if (target && event.detail.successful) { target.hidden = true; target.textContent = ""; }
  });
})();
