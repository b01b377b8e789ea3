// Records the page's uncaught errors and rejected promises in
// window.__pageErrors, for the engines layer (tests/engines): classic
// WebDriver cannot read the console in every engine, so the page keeps them.
window.__pageErrors = [];
window.addEventListener('error', (e) => {
  window.__pageErrors.push(String(e.message || e.error || e.type));
});
window.addEventListener('unhandledrejection', (e) => {
  window.__pageErrors.push('unhandled rejection: ' + String(e.reason && (e.reason.message || e.reason)));
});
window.__shoppableErrors = [];
document.addEventListener('shoppable:error', (e) => {
  window.__shoppableErrors.push(String(e.detail && e.detail.message));
}, true);
