// Small helpers to build the pages as DOM nodes: text is always set as text, never parsed as HTML.

export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const dollars = (cents) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export const percent = (share) => `${(share * 100).toFixed(1)}%`;

export const codesText = (codes) => codes.map((c) => `${c.code}×${c.units}`).join(', ');

export const patientLink = (patientId) =>
  h('a', { href: `/app/patients/${encodeURIComponent(patientId)}` }, patientId);

/** Puts a page's content in <main> and titles the document after it (the title is what a tab and a screen reader announce). */
export function showPage(title, ...content) {
  const main = document.getElementById('main');
  document.title = `${title} · CCM dashboard`;
  main.replaceChildren(h('h1', {}, title), ...content);
}

export function showProblem(title, message) {
  showPage(title, h('p', { className: 'problem', role: 'alert' }, message));
}

export function status(message) {
  return h('p', { className: 'status', role: 'status' }, message);
}

/** The current month in the user's reading of the query string, else the one given. */
export function monthParam(fallback) {
  const month = new URLSearchParams(location.search).get('month');
  return month && /^\d{4}-\d{2}$/.test(month) ? month : fallback;
}

export function previousMonths(month, count) {
  const [year, number] = month.split('-').map(Number);
  const months = [];
  for (let back = count; back >= 0; back--) {
    const index = year * 12 + (number - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * A table whose column headers are buttons that sort it; `columns` give a header, a cell renderer and
 * the value sorted on. Rows keep the order given until a header is pressed.
 */
/** How many rows a long table draws at once (`?rows=`, 10 to 5,000; 250 by default). */
export function rowsParam() {
  const rows = Number(new URLSearchParams(location.search).get('rows'));
  return Number.isInteger(rows) && rows >= 10 && rows <= 5000 ? rows : 250;
}

/**
 * A table sortable by its columns. With `pageSize`, it draws that many rows and a button for more: drawing
 * thousands of rows at once is what made a large practice's worklist slow, and a care team works from the
 * top. Sorting and filtering apply to every row, then the first page is drawn again.
 */
export function sortableTable({ caption, columns, rows, rowKey, pageSize = Infinity }) {
  let sortedBy = null;
  let ascending = true;
  const body = h('tbody');
  const headers = columns.map((column, index) => {
    const button = h('button', { type: 'button', className: 'sort' }, column.header);
    const th = h('th', { scope: 'col' }, column.sortValue ? button : column.header);
    button.addEventListener('click', () => {
      ascending = sortedBy === index ? !ascending : true;
      sortedBy = index;
      visible = pageSize;
      headers.forEach((other) => other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      render();
    });
    return th;
  });
  let shown = rows;
  let visible = pageSize;
  const more = h('button', { type: 'button', className: 'show-more' });
  more.addEventListener('click', () => {
    visible += pageSize;
    render();
  });
  const render = () => {
    let ordered = shown;
    if (sortedBy !== null) {
      const value = columns[sortedBy].sortValue;
      ordered = [...shown].sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
    }
    const drawn = ordered.slice(0, visible);
    const left = ordered.length - drawn.length;
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(pageSize, left)} more (${drawn.length} of ${ordered.length} shown)`;
    body.replaceChildren(
      ...drawn.map((row) =>
        h(
          'tr',
          { 'data-key': rowKey(row) },
          ...columns.map((column) => h('td', { 'data-label': column.header }, column.cell(row))),
        ),
      ),
    );
  };
  render();
  const table = h(
    'table',
    { className: 'stacked' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers)),
    body,
  );
  return {
    element: h(
      'div',
      {},
      h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table),
      more,
    ),
    filter(keep) {
      shown = rows.filter(keep);
      visible = pageSize;
      render();
      return shown.length;
    },
  };
}
