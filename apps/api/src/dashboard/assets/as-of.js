// A month as the record stood at an earlier instant of recording time, beside as billed and as now (DOC-8).
import { getJson } from './api.js';
import { codesText, h } from './dom.js';
import { inPlainWords } from './reasons.js';

function decision(label, view) {
  if (!view) return [h('dt', {}, label), h('dd', {}, 'No decision')];
  const reasons = view.notBillable.length ? `; ${view.notBillable.map(inPlainWords).join(' ')}` : '';
  return [
    h('dt', {}, label),
    h('dd', {}, `${view.status.replace(/[-_]/g, ' ')}, ${codesText(view.codes) || 'no code'}${reasons}`),
  ];
}

/** A form asking `/patients/{id}/history` for one of `months` as of an instant the user picks. */
export function asOfForm(patientId, months) {
  const answer = h('div', { id: 'as-of-answer', 'aria-live': 'polite' });
  const form = h(
    'form',
    { className: 'filters', id: 'as-of-form' },
    h('label', { for: 'as-of-month' }, 'Month'),
    h('select', { id: 'as-of-month', name: 'month' }, ...months.map((m) => h('option', { value: m }, m))),
    h('label', { for: 'as-of-instant' }, 'As recorded by (your local time)'),
    h('input', { id: 'as-of-instant', name: 'instant', type: 'datetime-local', required: true }),
    h('button', { type: 'submit' }, 'Show the month then'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const instant = new Date(form.elements.instant.value);
    if (Number.isNaN(instant.getTime())) return;
    const month = form.elements.month.value;
    const query = new URLSearchParams({ asOf: instant.toISOString(), month });
    try {
      const history = await getJson(
        `/patients/${encodeURIComponent(patientId)}/history?${query}`,
        'treatment',
      );
      const differences = history.month.differences;
      answer.replaceChildren(
        h(
          'dl',
          { className: 'facts' },
          ...decision(`As of ${history.asOf}`, history.month.asOf),
          ...decision('As billed', history.month.asBilled),
          ...decision('As now', history.month.asNow),
          h('dt', {}, 'Changed since billed'),
          h('dd', {}, differences.length ? differences.join('; ') : 'Nothing'),
        ),
      );
    } catch (error) {
      answer.replaceChildren(h('p', { className: 'problem' }, error.message ?? 'The api refused.'));
    }
  });
  return [form, answer];
}
