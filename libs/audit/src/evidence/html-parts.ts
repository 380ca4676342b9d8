/** Text into HTML: every value from the record goes through here. */
export const esc = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
export const orNone = (value: unknown): string =>
  value === null || value === undefined || value === '' ? '—' : esc(value);

export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  empty: string,
): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function facts(pairs: readonly (readonly [string, string])[]): string {
  return `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}" data-section="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}
