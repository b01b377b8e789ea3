// The merchant's dashboard: per video (and per live show) the funnel from
// views to purchases and revenue, per tag, and along the video's (show's)
// time where viewers tap, add and buy; from GET /api/admin/dashboard.
//
// Each chart is an SVG drawn here (a few bars: no library needed) with the
// same figures in a table beside it, which is what a screen reader reads
// (the SVG is one image with a short name). The token is handled as on the
// orders page (admin.js); everything the API returns is shown as text.

import { $, TOKEN_KEY, el, money, takeTokenFromFragment } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
const STEPS = [
  ['video_view', 'Video views'],
  ['tag_view', 'Tag views'],
  ['tag_click', 'Tag taps'],
  ['product_view', 'Product sheets'],
  ['add_to_cart', 'Added to cart'],
  ['begin_checkout', 'Checkouts begun'],
  ['purchase', 'Purchases'],
];

const token = () => sessionStorage.getItem(TOKEN_KEY);

function say(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function show(section) {
  for (const id of ['signin', 'board']) $(id).hidden = id !== section;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}

/** An SVG image of `w` × `h` user units named `label`. */
function image(w, h, label) {
  return svg('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': label });
}

function revenueText(list) {
  if (!list.length) return 'none';
  return list
    .map((m) => `${money(m.total, m.currency)} (${m.orders} order${m.orders === 1 ? '' : 's'})`)
    .join(', ');
}

/** m:ss, or h:mm:ss past an hour. */
function clock(s) {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

function table(caption, head, rows, numFrom = 1) {
  const t = el('table');
  t.append(el('caption', caption, 'visually-hidden'));
  const tr = el('tr');
  head.forEach((h, i) => {
    const th = el('th', h, i >= numFrom ? 'num' : undefined);
    th.scope = 'col';
    tr.append(th);
  });
  t.append(el('thead'));
  t.tHead.append(tr);
  const body = el('tbody');
  for (const r of rows) {
    const row = el('tr');
    r.forEach((c, i) => {
      const cell = el(i === 0 ? 'th' : 'td', c, i >= numFrom ? 'num' : undefined);
      if (i === 0) cell.scope = 'row';
      row.append(cell);
    });
    body.append(row);
  }
  t.append(body);
  return t;
}

/** A chart and its table side by side. */
function pair(caption, chart, tbl) {
  const div = el('div', undefined, 'pair');
  const fig = el('figure');
  fig.append(el('figcaption', caption), chart);
  // A wide table scrolls on a phone: the scroller takes focus, so the
  // keyboard can scroll it too, and is named after its table.
  const wrap = el('div', undefined, 'scroll');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', tbl.caption.textContent);
  wrap.append(tbl);
  div.append(fig, wrap);
  return div;
}

function funnel(s, where) {
  const max = Math.max(1, ...STEPS.map(([k]) => s.funnel[k]));
  const row = 26, w = 480, left = 120, room = w - left - 50;
  const chart = image(w, STEPS.length * row + 4, `Funnel of ${where}, from video views to purchases`);
  STEPS.forEach(([k, label], i) => {
    const y = i * row + 4, n = s.funnel[k];
    chart.append(svg('text', { x: 0, y: y + 15 }, label));
    chart.append(svg('rect', { x: left, y, width: Math.max(n ? 2 : 0, (n / max) * room), height: row - 8, class: 'bar' }));
    chart.append(svg('text', { x: left + (n / max) * room + 6, y: y + 15 }, n));
  });
  const views = s.funnel.video_view;
  const rows = STEPS.map(([k, label]) => [
    label, s.funnel[k], views ? `${Math.round((s.funnel[k] / views) * 100)}%` : '–',
  ]);
  rows.push(['Revenue (orders)', revenueText(s.revenue), '']);
  return pair(
    `Funnel. Revenue from the orders: ${revenueText(s.revenue)}.`,
    chart,
    table(`Funnel of ${where}`, ['Step', 'Count', 'Of views'], rows),
  );
}

function perTag(s, where) {
  const tags = s.tags;
  const row = 30, w = 480, left = 150, room = w - left - 40;
  const max = Math.max(1, ...tags.map((t) => Math.max(t.funnel.tag_click, t.funnel.purchase)));
  const chart = image(w, Math.max(1, tags.length) * row + 4, `Taps and purchases per tag of ${where}`);
  tags.forEach((t, i) => {
    const y = i * row + 4;
    chart.append(svg('text', { x: 0, y: y + 16 }, `${t.tag}${t.product ? ` · ${t.product}` : ''}`.slice(0, 24)));
    chart.append(svg('rect', { x: left, y, width: (t.funnel.tag_click / max) * room, height: 11, class: 'taps' }));
    chart.append(svg('rect', { x: left, y: y + 12, width: (t.funnel.purchase / max) * room, height: 11, class: 'buys' }));
    chart.append(svg('text', { x: left + (t.funnel.tag_click / max) * room + 4, y: y + 10 }, t.funnel.tag_click));
    chart.append(svg('text', { x: left + (t.funnel.purchase / max) * room + 4, y: y + 22 }, t.funnel.purchase));
  });
  const rows = tags.map((t) => [
    t.tag, t.product ?? '', t.funnel.tag_view, t.funnel.tag_click, t.funnel.product_view,
    t.funnel.add_to_cart, t.funnel.begin_checkout, t.funnel.purchase, revenueText(t.revenue),
  ]);
  const out = pair(
    'Per tag: taps (blue) and purchases (green).',
    chart,
    table(`Per tag of ${where}`, ['Tag', 'Product', 'Tag views', 'Taps', 'Sheets', 'Added', 'Checkouts', 'Purchases', 'Revenue (orders)'], rows, 2),
  );
  return out;
}

function timeline(s, where, clockName) {
  const span = Math.max(1, s.duration);
  const size = Math.max(1, Math.ceil(span / 40));
  const bins = Math.ceil(span / size);
  const counts = Array.from({ length: bins }, () => ({ tag_click: 0, add_to_cart: 0, purchase: 0 }));
  for (const x of s.timeline) {
    const b = counts[Math.min(bins - 1, Math.floor(x.second / size))];
    b.tag_click += x.tag_click;
    b.add_to_cart += x.add_to_cart;
    b.purchase += x.purchase;
  }
  const w = 480, h = 150, left = 28, bottom = 20, room = w - left - 4;
  const max = Math.max(1, ...counts.map((b) => Math.max(b.tag_click, b.add_to_cart, b.purchase)));
  const chart = image(w, h, `Taps, adds and purchases along the ${clockName} of ${where}`);
  const bw = room / bins;
  chart.append(svg('line', { x1: left, y1: h - bottom, x2: w, y2: h - bottom, class: 'axis' }));
  chart.append(svg('text', { x: 0, y: 12 }, max));
  chart.append(svg('text', { x: 0, y: h - bottom }, 0));
  counts.forEach((b, i) => {
    ['tag_click', 'add_to_cart', 'purchase'].forEach((k, j) => {
      const v = b[k];
      if (!v) return;
      const bh = (v / max) * (h - bottom - 8);
      chart.append(svg('rect', {
        x: left + i * bw + (j * bw) / 3, y: h - bottom - bh, width: Math.max(1, bw / 3 - 0.5), height: bh,
        class: ['taps', 'adds', 'buys'][j],
      }));
    });
  });
  for (const [at, anchor] of [[0, 'start'], [span / 2, 'middle'], [span, 'end']]) {
    chart.append(svg('text', { x: left + (at / span) * room, y: h - 4, 'text-anchor': anchor }, clock(Math.round(at))));
  }
  const rows = counts
    .map((b, i) => [`${clock(i * size)}–${clock(Math.min(span, (i + 1) * size))}`, b.tag_click, b.add_to_cart, b.purchase])
    .filter((r) => r[1] || r[2] || r[3]);
  const fig = pair(
    `Along the ${clockName}, ${size} s per column.`,
    chart,
    table(`Taps, adds and purchases along the ${clockName} of ${where}`, [`${clockName[0].toUpperCase()}${clockName.slice(1)}`, 'Taps', 'Added', 'Purchases'], rows.length ? rows : [['(none yet)', 0, 0, 0]]),
  );
  const key = el('ul', undefined, 'key');
  for (const [cls, text] of [['taps', 'Taps'], ['adds', 'Added to cart'], ['buys', 'Purchases']]) {
    const li = el('li');
    li.append(el('span', undefined, cls), text);
    key.append(li);
  }
  fig.firstChild.append(key);
  return fig;
}

function section(s, i) {
  const where = s.show ? `live show ${s.show}` : `video ${s.video}`;
  const box = el('section', undefined, 'video');
  const h = el('h2', s.show ? `Live show ${s.show}` : `Video ${s.video}`);
  h.id = `sec-${i}`;
  box.setAttribute('aria-labelledby', h.id);
  box.append(h);
  if (s.show) box.append(el('p', `Video ${s.video}; times are show time, from the show's start.`, 'note'));
  box.append(el('h3', 'Funnel'), funnel(s, where));
  if (s.tags.length) box.append(el('h3', 'Per tag'), perTag(s, where));
  box.append(el('h3', s.show ? 'Along the show' : 'Along the video'), timeline(s, where, s.show ? 'show time' : 'video time'));
  return box;
}

const busy = (s) => STEPS.some(([k]) => s.funnel[k]) || s.revenue.length;

async function load() {
  const res = await fetch('/api/admin/dashboard', {
    headers: { Authorization: `Bearer ${token()}` }, referrerPolicy: 'no-referrer',
  });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    show('signin');
    say('The token was refused. Paste the current admin token.', true);
    return;
  }
  if (!res.ok) {
    say(`The dashboard could not be read (HTTP ${res.status}).`, true);
    return;
  }
  const { sections } = await res.json();
  // Videos with something to show first; each group by id.
  const order = [...sections].sort((a, b) => Number(!!busy(b)) - Number(!!busy(a)));
  $('sections').replaceChildren(...order.map(section));
  $('empty').hidden = sections.length > 0;
  show('board');
  say(`${sections.length} video${sections.length === 1 ? '' : 's'} and shows.`);
}

function start() {
  takeTokenFromFragment();
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    load().catch((err) => say(String(err), true));
  });
  $('refresh').addEventListener('click', () => load().catch((err) => say(String(err), true)));
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    show('signin');
    say('The token is forgotten in this tab.');
  });
  if (token()) load().catch((err) => say(String(err), true));
  else show('signin');
}

start();
