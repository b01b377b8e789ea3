// Test only: `?force=anchor,rvfc,adopted` on a test page sets the widget's
// switch that forces those fallbacks (README "Browsers"), for test layers
// that cannot run a script before the page's own (classic WebDriver).
(function () {
  var f = new URLSearchParams(location.search).get('force');
  if (f) window.__shoppableForceFallbacks = f.split(',');
})();
