// Element builders. Text from the API only ever goes in as text nodes, never
// as markup, so a label can not inject anything (the page also enforces this
// with Trusted Types in its Content-Security-Policy).

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el('p', { class: 'x' }, 'text', otherElement). */
export function el(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** An SVG element, same signature. */
export function svg(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  fill(parent, {}, children);
}

/** A small table behind a disclosure: the figures of a chart for screen readers and for copying. */
export function figureTable(summary, headers, rows) {
  return el('details', { class: 'chart-table' },
    el('summary', {}, summary),
    el('table', {},
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))))),
    ),
  );
}
