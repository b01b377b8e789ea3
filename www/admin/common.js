// What the admin pages share: the token's place and its arrival in the
// #fragment (admin.js says why), money from minor units, and text-only
// elements (nothing the API returns is ever parsed as HTML).

export const TOKEN_KEY = 'shoppable:admin-token';
export const $ = (id) => document.getElementById(id);

export function takeTokenFromFragment() {
  const hash = location.hash.slice(1);
  if (!hash) return;
  const params = new URLSearchParams(hash);
  const token = params.get('token') ?? (hash.includes('=') ? null : hash);
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search);
}

/** Minor units as a decimal string, then formatted by Intl (no float maths). */
export function money(minor, currency) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  const neg = minor < 0;
  let s = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits > 0) s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  const fmt = new Intl.NumberFormat(undefined, {
    style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  });
  return fmt.format(`${neg ? '-' : ''}${s}`);
}

export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
