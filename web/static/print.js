// Buttons marked data-print open the browser's print dialogue (no inline handlers: the CSP allows none).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (button) window.print();
});
