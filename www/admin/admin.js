// The merchant's admin page: orders (list, filters, pages, CSV, one order
// with its buyer, status changes, erasure) and stock, over /api/admin.
//
// The token: taken from the address's #fragment once (#token=… — browsers
// never send a fragment to a server, so it reaches no log), kept in this
// tab's sessionStorage, and cleared from the address bar at once. It goes
// to the API only in the Authorization header. Everything the API returns
// is shown as text (textContent), never parsed as HTML.

import { $, TOKEN_KEY, el, money, takeTokenFromFragment } from './common.js';

const token = () => sessionStorage.getItem(TOKEN_KEY);

function say(text, error = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

/** A call to /api/admin; a 401 sends the merchant back to the token form. */
async function api(path, init = {}) {
  const headers = { Authorization: `Bearer ${token()}`, ...(init.headers ?? {}) };
  if (init.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/admin/${path}`, { ...init, headers, referrerPolicy: 'no-referrer' });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    show('signin');
    say('The token was refused. Paste the current admin token.', true);
    throw new Error('unauthorized');
  }
  return res;
}

async function problemText(res) {
  try {
    const p = await res.json();
    return p.detail ?? p.title ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

const when = (iso) => new Date(iso).toLocaleString();

function show(section) {
  for (const id of ['signin', 'orders', 'detail', 'stock']) $(id).hidden = id !== section;
  $('tab-orders').setAttribute('aria-pressed', String(section === 'orders' || section === 'detail'));
  $('tab-stock').setAttribute('aria-pressed', String(section === 'stock'));
}

// ---- the order list ------------------------------------------------------------

let cursor = null;

function query() {
  const f = new FormData($('filters'));
  const q = new URLSearchParams();
  for (const name of ['status', 'video']) {
    const v = String(f.get(name) ?? '').trim();
    if (v) q.set(name, v);
  }
  for (const name of ['from', 'to']) {
    const v = String(f.get(name) ?? '');
    if (v) q.set(name, v);
  }
  return q;
}

async function loadOrders(more = false) {
  const q = query();
  q.set('limit', '50');
  if (more && cursor) q.set('cursor', cursor);
  say('Loading orders…');
  const res = await api(`orders?${q}`);
  if (!res.ok) return say(await problemText(res), true);
  const { orders, next_cursor } = await res.json();
  const body = $('order-table').tBodies[0];
  if (!more) body.replaceChildren();
  for (const o of orders) body.append(orderRow(o));
  cursor = next_cursor;
  $('more').hidden = !next_cursor;
  $('empty').hidden = body.rows.length > 0;
  say(`${body.rows.length} order${body.rows.length === 1 ? '' : 's'} shown.`);
}

function orderRow(o) {
  const tr = document.createElement('tr');
  tr.append(el('td', when(o.created_at)));
  const idCell = el('td');
  const open = el('button', o.order_id.slice(0, 8));
  open.setAttribute('aria-label', `Order ${o.order_id}`);
  open.addEventListener('click', () => openOrder(o.order_id));
  idCell.append(open);
  if (o.test) idCell.append(el('span', 'test', 'test'));
  tr.append(idCell, el('td', o.status, 'status'), el('td', o.video_id), el('td', o.items));
  tr.append(el('td', o.erased ? '(erased)' : [o.payer_name, o.payer_email].filter(Boolean).join(' · ')));
  tr.append(el('td', money(o.total, o.currency), 'num'));
  return tr;
}

async function exportCsv() {
  const res = await api(`orders.csv?${query()}`);
  if (!res.ok) return say(await problemText(res), true);
  const url = URL.createObjectURL(await res.blob());
  const a = el('a');
  a.href = url;
  a.download = 'orders.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  say('The CSV export was downloaded.');
}

// ---- one order -----------------------------------------------------------------

/** Changes a merchant may make from each status (server/README.md). */
const CHANGES = {
  authorized: [['cancelled', 'Cancel (void the payment, restock)', 'danger']],
  paid: [
    ['fulfilled', 'Mark fulfilled', 'primary'],
    ['cancelled', 'Cancel (refund, restock)', 'danger'],
    ['refunded', 'Refund (no restock)', 'danger'],
  ],
  fulfilled: [['refunded', 'Refund (no restock)', 'danger']],
};

function facts(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(el('dt', k), el('dd', v));
  }
}

async function openOrder(id) {
  const res = await api(`orders/${encodeURIComponent(id)}`);
  if (!res.ok) return say(await problemText(res), true);
  renderOrder(await res.json());
  show('detail');
  $('detail').focus();
}

function renderOrder(d) {
  $('d-id').textContent = d.order_id;
  facts($('d-facts'), [
    ['Placed', when(d.created_at)],
    ['Status', d.status + (d.test ? ' (test payment: no money moved)' : '')],
    ['Video', d.video_id],
    ['Total', money(d.total, d.currency)],
    ['Paid with', d.payment_method],
    ['Authorization', d.authorization_id],
    ['From tag', d.attribution?.tag_id ? `${d.attribution.tag_id} at ${d.attribution.video_time.toFixed(1)} s` : null],
  ]);
  const lines = $('d-lines').tBodies[0];
  lines.replaceChildren();
  for (const l of d.lines ?? []) {
    const tr = document.createElement('tr');
    tr.append(
      el('td', l.variant_label ? `${l.title} (${l.variant_label})` : l.title),
      el('td', l.quantity, 'num'),
      el('td', money(l.unit_price, d.currency), 'num'),
      el('td', money(l.line_total, d.currency), 'num'),
    );
    lines.append(tr);
  }
  if (d.erased) {
    facts($('d-payer'), [['Personal data', 'erased']]);
  } else {
    facts($('d-payer'), [['Name', d.payer?.name], ['E-mail', d.payer?.email], ['Phone', d.payer?.phone]]);
  }
  const a = d.shipping_address;
  $('d-address').replaceChildren(
    ...(a
      ? [a.recipient, a.organization, ...(a.address_line ?? []), [a.postal_code, a.city].filter(Boolean).join(' '), a.region, a.country]
          .filter(Boolean)
          .flatMap((line) => [el('span', line), el('br')])
      : [el('span', d.erased ? '(erased)' : '(none given)')]),
  );
  const events = $('d-events');
  events.replaceChildren(
    ...d.events.map((e) => el('li', `${when(e.at)}: ${e.status} by ${e.actor}${e.note ? ` (${e.note})` : ''}`)),
  );
  const actions = $('d-actions');
  actions.replaceChildren();
  for (const [to, label, cls] of CHANGES[d.status] ?? []) {
    const b = el('button', label, cls);
    b.addEventListener('click', () => change(d.order_id, to, label));
    actions.append(b);
  }
  if (!d.erased) {
    const b = el('button', 'Erase personal data', 'danger');
    b.addEventListener('click', () => erase(d.order_id));
    actions.append(b);
  }
}

async function change(id, to, label) {
  if (to !== 'fulfilled' && !confirm(`${label}: this cannot be undone. Go ahead?`)) return;
  say('Working…');
  const res = await api(`orders/${encodeURIComponent(id)}/status`, {
    method: 'POST',
    body: JSON.stringify({ status: to }),
  });
  if (!res.ok) return say(await problemText(res), true);
  renderOrder(await res.json());
  say(`The order is now ${to}.`);
}

async function erase(id) {
  if (!confirm("Erase the buyer's name, contact and address from this order? Totals stay.")) return;
  const res = await api(`orders/${encodeURIComponent(id)}/personal-data`, { method: 'DELETE' });
  if (!res.ok) return say(await problemText(res), true);
  renderOrder(await res.json());
  say('Personal data erased.');
}

// ---- stock ---------------------------------------------------------------------

async function loadStock() {
  const res = await api('stock');
  if (!res.ok) return say(await problemText(res), true);
  const { items } = await res.json();
  const body = $('stock-table').tBodies[0];
  body.replaceChildren();
  for (const it of items) {
    const tr = document.createElement('tr');
    const input = el('input');
    input.type = 'number';
    input.min = String(it.held);
    input.value = String(it.on_hand);
    input.setAttribute('aria-label', `On hand for ${it.product_id} ${it.variant_id}`);
    const save = el('button', 'Save');
    save.setAttribute('aria-label', `Save on hand for ${it.product_id} ${it.variant_id}`);
    save.addEventListener('click', async () => {
      const res = await api('stock', {
        method: 'PUT',
        body: JSON.stringify({ items: [{ product_id: it.product_id, variant_id: it.variant_id, on_hand: Number(input.value) }] }),
      });
      if (!res.ok) return say(await problemText(res), true);
      const done = `${it.product_id} / ${it.variant_id}: ${input.value} on hand.`;
      await loadStock();
      say(done);
    });
    const set = el('td');
    set.append(input, save);
    tr.append(el('td', it.product_id), el('td', it.variant_id), el('td', it.on_hand, 'num'), el('td', it.held, 'num'), el('td', it.available, 'num'), set);
    body.append(tr);
  }
  say(`${items.length} items.`);
}

// ---- start ---------------------------------------------------------------------

function start() {
  takeTokenFromFragment();
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    show('orders');
    loadOrders().catch(() => {});
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadOrders().catch(() => {});
  });
  $('more').addEventListener('click', () => loadOrders(true).catch(() => {}));
  $('export').addEventListener('click', () => exportCsv().catch(() => {}));
  $('back').addEventListener('click', () => show('orders'));
  $('tab-orders').addEventListener('click', () => {
    show('orders');
    loadOrders().catch(() => {});
  });
  $('tab-stock').addEventListener('click', () => {
    show('stock');
    loadStock().catch(() => {});
  });
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    show('signin');
    say('The token is forgotten in this tab.');
  });
  if (token()) {
    show('orders');
    loadOrders().catch(() => {});
  } else {
    show('signin');
  }
}

start();
