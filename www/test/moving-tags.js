/* The frame-cost benchmarks' pages (fifty.html, many.html): manifests whose
   tags all cross the frame between two keyframes, so every tag moves on every
   frame, and the widget attached to each video, unless the page's address
   has ?widget=0 (the same page without the widget, for the baseline). */
(function (w, d) {
  // n tags over one product, tag i from the left edge to the right, each on
  // its own row, spread over the whole video.
  function movingTags(id, n, duration) {
    var tags = [];
    for (var i = 0; i < n; i++) {
      var row = (i % 10) / 10 + 0.05, col = Math.floor(i / 10) / 5 + 0.1;
      tags.push({ id: 't' + i, product: 'p', start: 0, end: 1000,
        keyframes: [{ t: 0, x: 0.05, y: row }, { t: duration, x: 0.95, y: 1 - col }] });
    }
    return { version: 1, video: { id: id }, currency: 'USD',
      products: [{ id: 'p', title: 'Bench product', price: 1000 }], tags: tags };
  }
  w.benchWidget = !/[?&]widget=0\b/.test(location.search);
  // Attaches n moving tags to every <video> (once the loader has run).
  w.benchAttach = function (n) {
    if (!w.benchWidget) return;
    (w.Shoppable = w.Shoppable || []).push(function (S) {
      d.querySelectorAll('video').forEach(function (v, k) {
        S.attach(v, { manifest: movingTags('bench-' + k, n, 10) });
      });
    });
    var s = d.createElement('script');
    s.async = true;
    s.src = '/shoppable/v1/shoppable.js';
    d.head.appendChild(s);
  };
})(window, document);
