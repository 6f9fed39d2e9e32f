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
  document.addEventListener("htmx:afterRequest", (event) => {
    const target = line();
    if (target && event.detail.successful) { target.hidden = true; target.textContent = ""; }
  });
})();
