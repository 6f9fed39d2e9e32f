// Lotse kiosk: after a while without a touch, count down, then start over and forget everything.
// A page restored from the back-forward cache would show what it showed before: fetch it again instead
// (the server sends a page without answers, or the start, once the kiosk has forgotten the person).
window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });
// A step the service could not take (busy, or the answer did not arrive): back to the page it was sent from,
// which shows the question again with the answers so far.
document.getElementById("try-again")?.addEventListener("click", () => history.back());

(() => {
  const body = document.body;
  const idle = Number(body.dataset.idleSeconds || 90) * 1000;
  const countdown = Number(body.dataset.countdownSeconds || 15);
  const dialog = document.getElementById("idle-dialog");
  const shown = document.getElementById("idle-seconds");
  if (!dialog || location.pathname === "/kiosk" || location.pathname === "/kiosk/") return;
  let idleTimer;
  let tick;
  const startOver = () => location.replace("/kiosk");
  const warn = () => {
    let left = countdown;
    shown.textContent = String(left);
    dialog.showModal();
    tick = setInterval(() => {
      left -= 1;
      shown.textContent = String(left);
      if (left <= 0) { clearInterval(tick); startOver(); }
    }, 1000);
  };
  // The answers so far live in a cookie for one pause. A person who is still touching the screen is still
  // here: fetching the page again (at most every so often) starts the server's pause anew as well, so the
  // answers do not run out while the screen counts the person as present.
  const refreshEvery = Math.min(30000, idle / 3);
  let refreshed = Date.now();
  const stillHere = () => {
    if (Date.now() - refreshed < refreshEvery) return;
    refreshed = Date.now();
    fetch(location.href, { credentials: "same-origin", cache: "no-store", redirect: "manual" }).catch(() => {});
  };
  const reset = () => {
    clearTimeout(idleTimer);
    clearInterval(tick);
    if (dialog.open) dialog.close();
    idleTimer = setTimeout(warn, idle);
  };
  const touched = () => { reset(); stillHere(); };
  ["pointerdown", "keydown", "touchstart"].forEach((name) => document.addEventListener(name, touched, { passive: true }));
  document.getElementById("idle-continue").addEventListener("click", () => { reset(); refreshed = 0; stillHere(); });
  reset();
})();
