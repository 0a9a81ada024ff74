// DOM helpers that only ever set text: every string that may come from a payer (names, notes, errors) goes
// through textContent, never innerHTML.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** `el('td', {class: 'x'}, 'text', child…)`: strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function setText(sel, text, root = document) {
  const node = typeof sel === 'string' ? $(sel, root) : sel;
  if (node) node.textContent = text ?? '';
}

export function show(node, visible = true) {
  (typeof node === 'string' ? $(node) : node).hidden = !visible;
}

/** Shows a result line under a form: `kind` is 'ok' or 'error'. */
export function say(node, kind, text) {
  node.textContent = text;
  node.className = `form-status ${kind}`;
}

/**
 * Minor units as a person reads them. `exponent` is the currency's decimals as the server sent it
 * (server/money/currency.ts decides; the page never assumes 100 minor units to the major one).
 */
export const money = (minor, currency = 'INR', exponent = 2) => {
  const major = minor / 10 ** exponent;
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(major);
  } catch {
    return `${major.toFixed(exponent)} ${currency}`;
  }
};

export const when = (ms) => (ms ? new Date(ms).toLocaleString() : 'never');

/** Gives each cell its column's heading as `data-label`, so narrow frames (GHL's 360 px) can stack rows as cards. */
export function labelCells(table) {
  const heads = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent.trim());
  for (const tr of table.querySelectorAll('tbody tr')) {
    Array.from(tr.children).forEach((td, i) => {
      if (heads[i]) td.dataset.label = heads[i];
    });
  }
}
