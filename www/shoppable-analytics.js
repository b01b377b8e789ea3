/* Shoppable analytics adapters: GA4 (dataLayer or gtag), Meta Pixel (fbq)
   and Segment (analytics.track). An ES module the viewer imports only when
   the `analytics` attach option or manifest field names an adapter, so the
   plain viewer path never carries it. It listens to the widget's own
   `shoppable:*` DOM events on the video and maps them to each tool's
   ecommerce events (README, "Analytics"). Money arrives as exact decimal
   strings; only here is it turned into a number, because GA4, Meta and
   Segment take one. Nothing is sent for a consent category the page has not
   granted; such events are dropped, not queued (README says why). */

// Widget event -> each tool's event name (absent: that tool has none).
var GA4 = {
  tag_view: 'view_item_list', tag_click: 'select_item', product_view: 'view_item',
  add_to_cart: 'add_to_cart', begin_checkout: 'begin_checkout', purchase: 'purchase'
};
var META = {
  product_view: 'ViewContent', add_to_cart: 'AddToCart',
  begin_checkout: 'InitiateCheckout', purchase: 'Purchase'
};
var SEGMENT = {
  tag_view: 'Product List Viewed', tag_click: 'Product Clicked', product_view: 'Product Viewed',
  add_to_cart: 'Product Added', begin_checkout: 'Checkout Started', purchase: 'Order Completed'
};
// Each adapter's consent category.
var CATEGORY = { dataLayer: 'analytics', gtag: 'analytics', segment: 'analytics', fbq: 'marketing' };

var w = window;
// The page's own consent (the `consent` option and `shoppable:consent`
// events), shared by every mount: it is the page's, not one video's.
// null until the page says anything.
var stated = null;
var told = {};

function warnOnce(key, message) {
  if (told[key]) return;
  told[key] = 1;
  console.warn('shoppable: ' + message);
}

// Merges a consent statement ({ analytics?, marketing? }) into `stated`;
// `where` names it in the warning for a value that is not a boolean.
function state(value, where) {
  if (value == null) return;
  if (typeof value != 'object') {
    return warnOnce(where, where + ': expected { analytics: true|false, marketing: true|false }, got ' + JSON.stringify(value) + '; ignored');
  }
  ['analytics', 'marketing'].forEach(function (k) {
    if (!(k in value)) return;
    if (typeof value[k] != 'boolean') {
      return warnOnce(where + '.' + k, where + '.' + k + ': expected true or false, got ' + JSON.stringify(value[k]) + '; ignored');
    }
    stated = stated || {};
    stated[k] = value[k];
  });
}

// Google Consent Mode as the page's dataLayer says it: every
// gtag('consent', 'default' | 'update', {...}) command in order, the last
// word on each key winning. A default limited to some `region`s is taken as
// it stands (the widget cannot know the viewer's region; denying is the safe
// reading). Returns null when the page never used Consent Mode.
function consentMode() {
  var dl = w.dataLayer, seen = null;
  if (!Array.isArray(dl)) return null;
  dl.forEach(function (e) {
    if (e && e[0] === 'consent' && (e[1] === 'default' || e[1] === 'update') && e[2] && typeof e[2] == 'object') {
      seen = seen || {};
      for (var k in e[2]) seen[k] = e[2][k];
    }
  });
  return seen;
}

// Whether `category` may receive events now: the page's own statement,
// else Google Consent Mode, else Shopify's Customer Privacy API; with no
// signal at all, listing the adapter was the page's decision.
function allowed(category) {
  if (stated) return stated[category] === true;
  var g = consentMode();
  if (g) {
    return category == 'analytics'
      ? g.analytics_storage === 'granted'
      : g.ad_storage === 'granted' && g.ad_user_data !== 'denied';
  }
  var cp = w.Shopify && w.Shopify.customerPrivacy;
  var ask = cp && cp[category == 'analytics' ? 'analyticsProcessingAllowed' : 'marketingAllowed'];
  if (typeof ask == 'function') return !!ask.call(cp);
  // A Shopify storefront whose Customer Privacy API is not loaded yet
  // (loadShopifyPrivacy asks for it): its answer is coming, so nothing
  // goes out until then.
  if (shopifyPending()) return false;
  return true;
}

// On a Shopify storefront (`Shopify.loadFeatures` exists), the Customer
// Privacy API is the consent signal, but a theme loads it only when
// something asks: load it, as Shopify documents, once per page.
var privacyAsked = false;
function shopifyPending() {
  return !!(w.Shopify && typeof w.Shopify.loadFeatures == 'function' && !w.Shopify.customerPrivacy);
}
function loadShopifyPrivacy() {
  if (privacyAsked || !shopifyPending()) return;
  privacyAsked = true;
  try {
    w.Shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], function (error) {
      if (error) warnOnce('shopify-privacy', "analytics: Shopify's Customer Privacy API did not load (" + error + '), so nothing is sent');
    });
  } catch (e) {
    warnOnce('shopify-privacy', "analytics: Shopify.loadFeatures threw (" + e + '), so nothing is sent');
  }
}

function num(decimal) { return Number(decimal); }

// GA4's parameters; `item_list_id` is the video, the list the tags form.
function ga4(type, d) {
  var list = d.video_id;
  var p = {
    currency: d.currency,
    value: num(d.value),
    items: (d.items || []).map(function (it) {
      var o = { item_id: it.item_id, item_name: it.item_name };
      if (it.item_brand != null) o.item_brand = it.item_brand;
      if (it.item_variant != null) o.item_variant = it.item_variant;
      o.price = num(it.price);
      o.quantity = it.quantity;
      o.item_list_id = list;
      return o;
    })
  };
  if (type == 'tag_view' || type == 'tag_click') p.item_list_id = list;
  if (type == 'purchase') p.transaction_id = d.transaction_id;
  return p;
}

// One id per event occurrence, for Meta's deduplication against the
// merchant's Conversions API: a purchase is its order id, which the
// merchant's server also knows; anything else a fresh UUID.
function eventId(type, d) {
  if (type == 'purchase') return d.transaction_id;
  var c = w.crypto;
  return c && c.randomUUID ? c.randomUUID() : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
}

function meta(type, d) {
  var items = d.items || [];
  var p = {
    content_ids: items.map(function (it) { return it.item_id; }),
    content_type: 'product',
    contents: items.map(function (it) { return { id: it.item_id, quantity: it.quantity, item_price: num(it.price) }; }),
    currency: d.currency,
    value: num(d.value)
  };
  if (type == 'product_view' && items[0]) p.content_name = items[0].item_name;
  if (type == 'begin_checkout') p.num_items = items.reduce(function (n, it) { return n + it.quantity; }, 0);
  return p;
}

// Segment's ecommerce spec v2: one product's events carry it flat; the
// list, checkout and order events carry `products`.
function segment(type, d) {
  var products = (d.items || []).map(function (it) {
    var o = { product_id: it.item_id, name: it.item_name };
    if (it.item_brand != null) o.brand = it.item_brand;
    if (it.item_variant != null) o.variant = it.item_variant;
    o.price = num(it.price);
    o.quantity = it.quantity;
    return o;
  });
  if (type == 'tag_click' || type == 'product_view' || type == 'add_to_cart') {
    var one = products[0] || {};
    one.currency = d.currency;
    one.value = num(d.value);
    return one;
  }
  if (type == 'tag_view') return { list_id: d.video_id, products: products };
  var p = { currency: d.currency, value: num(d.value), revenue: num(d.value), products: products };
  if (type == 'purchase') p.order_id = d.transaction_id, p.total = num(d.value);
  return p;
}

function call(name, args) {
  var self = name == 'analytics' ? w.analytics : w;
  var f = self && (name == 'analytics' ? self.track : self[name]);
  if (typeof f != 'function') {
    return warnOnce('missing:' + name, 'analytics: window.' + (name == 'analytics' ? 'analytics.track' : name) +
      ' is not a function, so nothing is sent there; load its snippet before the widget');
  }
  f.apply(self, args);
}

function send(adapter, type, d) {
  var n;
  if (adapter == 'dataLayer' && (n = GA4[type])) {
    var dl = w.dataLayer = w.dataLayer || [];
    // Google's advice: clear the previous ecommerce object first, so its
    // fields never leak into this event.
    dl.push({ ecommerce: null });
    dl.push({ event: n, ecommerce: ga4(type, d) });
  } else if (adapter == 'gtag' && (n = GA4[type])) {
    call('gtag', ['event', n, ga4(type, d)]);
  } else if (adapter == 'fbq' && (n = META[type])) {
    call('fbq', ['track', n, meta(type, d), { eventID: eventId(type, d) }]);
  } else if (adapter == 'segment' && (n = SEGMENT[type])) {
    call('analytics', [n, segment(type, d)]);
  }
}

// The adapters a list names, each once, in its order; every other entry is
// left out with a warning at its JSON path, in the words the manifest's
// native validation uses (src/model/analytics.rs). null when not a list.
function names(list, where) {
  if (list == null) return null;
  if (!Array.isArray(list)) {
    warnOnce(where, where + ': expected an array of adapter names such as ["gtag", "fbq"]; ignored');
    return null;
  }
  var out = [];
  list.forEach(function (n, i) {
    var at = where + '[' + i + ']: ';
    if (!CATEGORY.hasOwnProperty(n)) {
      var s = String(n);
      warnOnce(at + s, at + 'unknown adapter "' + (s.length > 40 ? s.slice(0, 40) + '…' : s) + '"; expected one of dataLayer, gtag, fbq, segment; ignored');
    } else if (out.indexOf(n) >= 0) {
      warnOnce(at + n, at + '"' + n + '" is listed twice; ignored');
    } else out.push(n);
  });
  return out;
}

/** Starts the adapters on `target`, the attached video: those of the
 *  page's `analytics` option when given, else of the manifest's
 *  `analytics` (`listed`), both as written; `consent` is the page's option.
 *  Returns a handle whose destroy() removes every listener this added. */
export function start(target, option, listed, consent) {
  state(consent, 'options.consent');
  loadShopifyPrivacy();
  var list = names(option, 'options.analytics') || names(listed, 'analytics') || [];
  // gtag() itself pushes onto window.dataLayer, so both adapters would
  // count every event twice. gtag is kept: it reaches GA4 with no tag
  // configured in a container, where a dataLayer event needs one.
  if (list.indexOf('gtag') >= 0 && list.indexOf('dataLayer') >= 0) {
    warnOnce('both', 'analytics: "dataLayer" and "gtag" both send GA4 events, which would count each twice; only "gtag" is used');
    list = list.filter(function (a) { return a != 'dataLayer'; });
  }
  var offs = [];
  function on(el, type, fn) {
    el.addEventListener(type, fn);
    offs.push(function () { el.removeEventListener(type, fn); });
  }
  Object.keys(GA4).forEach(function (type) {
    on(target, 'shoppable:' + type, function (e) {
      var d = e.detail;
      if (!d || e.target !== target) return;
      list.forEach(function (a) {
        // Each event is judged when it happens: before consent it is dropped.
        if (allowed(CATEGORY[a])) send(a, type, d);
      });
    });
  });
  on(document, 'shoppable:consent', function (e) { state(e.detail, 'shoppable:consent detail'); });
  target.dispatchEvent(new CustomEvent('shoppable:analytics_ready', { bubbles: true, composed: true, detail: { adapters: list } }));
  return { destroy: function () { offs.forEach(function (f) { f(); }); offs = []; } };
}
