/* Shoppable loader v1. A classic async script: it finds target videos, and
   only when one nears the viewport imports the wasm glue and streams the wasm.
   Public API: Shoppable.attach(video, {manifest}) -> {on(name, fn), destroy()};
   calls made before this script runs can be queued with
   (window.Shoppable = window.Shoppable || []).push(function (S) { ... }). */
(function (w, d) {
  var me = d.currentScript, S = w.Shoppable;
  function scan(api) {
    var sel = me && me.getAttribute('data-target'), man = me && me.getAttribute('data-manifest');
    if (sel) {
      var els = d.querySelectorAll(sel);
      if (!els.length) console.error('shoppable: data-target "' + sel + '" matches no element');
      els.forEach(function (el) { api.has(el) || api.attach(el, { manifest: man || el.getAttribute('data-shoppable') }); });
    }
    // Any player element: <video>, <iframe>, a video.js or Plyr container, a
    // media element; the wasm picks the adapter by what it is.
    d.querySelectorAll('[data-shoppable]').forEach(function (el) {
      api.has(el) || api.attach(el, { manifest: el.getAttribute('data-shoppable') });
    });
  }
  function later(f) { d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', f) : f(); }
  // A second copy of the script only adds its own targets to the first.
  if (S && S.attach) return later(function () { scan(S); });

  var base = new URL('.', me ? me.src : location.href).href, mods = {}, lazy = {}, told, live = new Map();
  var io = w.IntersectionObserver && new IntersectionObserver(function (es) {
    es.forEach(function (e) {
      var h = e.isIntersecting && live.get(e.target);
      if (h) { io.unobserve(e.target); h._go(); }
    });
  }, { rootMargin: '300px' });

  // The viewer (tags) now, the shop (sheet, cart, checkout) when a sheet
  // first opens, the live card for a live show or a replay; each is fetched
  // once for the whole page. The viewer comes in two builds: a plain <video>
  // needs only shoppable-core; any other player (video.js, Plyr, hls.js,
  // media elements, iframes, a host adapter) loads shoppable-players, which
  // has every adapter.
  function fetchModule(name) {
    return import(base + name + '.js').then(function (m) {
      return m.default({ module_or_path: base + name + '_bg.wasm' }).then(function () { return m; });
    });
  }
  function load(name) { return mods[name] || (mods[name] = fetchModule(name)); }
  function plain(el, o) {
    return el.localName == 'video' && !o.player && !el.hls && !el.plyr && !w.Hls && !el.closest('.video-js,.plyr,media-controller');
  }
  // The viewer asks for "shop" or "live"; a failed fetch is tried again next time.
  function loadModule(n) {
    return lazy[n] || (lazy[n] = fetchModule('shoppable-' + n).catch(function (e) { lazy[n] = null; throw e; }));
  }
  function fail(el, msg, once) {
    if (!once || !told) console.error('shoppable: ' + msg);
    told = told || once;
    el.dispatchEvent(new CustomEvent('shoppable:error', { bubbles: true, composed: true, detail: { message: msg } }));
  }
  function attach(el, opts) {
    if (!(el instanceof Element)) { console.error('shoppable: attach() needs an element, got ' + el); return null; }
    var old = live.get(el), m, dead, offs = [];
    if (old) old.destroy();
    var h = {
      on: function (name, fn) {
        var t = 'shoppable:' + name;
        el.addEventListener(t, fn);
        offs.push([t, fn]);
        return h;
      },
      destroy: function () {
        dead = 1;
        io && io.unobserve(el);
        if (live.get(el) === h) live.delete(el);
        if (m) m.destroy(), m.free(), m = null;
        offs.forEach(function (o) { el.removeEventListener(o[0], o[1]); });
        offs = [];
      },
      _go: function () {
        load(plain(el, opts || {}) ? 'shoppable-core' : 'shoppable-players').then(function (mod) {
          if (dead) return;
          try { m = mod.mount(el, opts || {}, loadModule); } catch (e) { fail(el, String(e && e.message || e)); }
        }, function (e) {
          dead || fail(el, 'could not load the widget from ' + base + ' (' + (e && e.message || e) + '); the video is left as it was', 1);
        });
      }
    };
    live.set(el, h);
    io ? io.observe(el) : h._go();
    return h;
  }
  var api = {
    attach: attach,
    has: function (el) { return live.has(el); },
    push: function (c) { typeof c == 'function' ? c(api) : c && c[0] == 'attach' && attach(c[1], c[2]); }
  };
  w.Shoppable = api;
  (Array.isArray(S) ? S : []).forEach(api.push);
  later(function () {
    scan(api);
    // Single-page apps: players added later get tags; a removed player's mount
    // is destroyed (checked after the mutations, so a moved player stays). The
    // page is scanned again only when an added element is or holds a target.
    var sel = me && me.getAttribute('data-target'), q = '[data-shoppable]' + (sel ? ',' + sel : '');
    w.MutationObserver && new MutationObserver(function (rs) {
      live.forEach(function (h, el) { el.isConnected || h.destroy(); });
      rs.some(function (r) {
        return [].some.call(r.addedNodes, function (n) { return n.nodeType == 1 && (n.matches(q) || n.querySelector(q)); });
      }) && scan(api);
    }).observe(d.documentElement, { childList: true, subtree: true });
  });
})(window, document);
