// The outcome figures of one month as cards: each value with what it counts, over what, and how far back.
import { h, percent } from './dom.js';

export const NO_DATA = 'No data';

export const shareText = (share) => (share === null ? NO_DATA : percent(share));

const oneDecimal = (value) =>
  value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const rateText = (value, unit) => (value === null ? NO_DATA : `${oneDecimal(value)} ${unit}`);

const counted = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * One figure: its title, its values side by side (the month's, and before enrolment where the answer has
 * one), each with its numerator and denominator, notes in words, and the answer's own definition.
 */
function card({ name, title, values, notes = [], definition }) {
  const heading = `outcome-${name}`;
  return h(
    'article',
    { className: 'outcome', 'aria-labelledby': heading, 'data-outcome': name },
    h('h3', { id: heading }, title),
    h(
      'dl',
      { className: 'outcome-values' },
      ...values.map((v) =>
        h(
          'div',
          {},
          h('dt', {}, v.label),
          h('dd', { className: 'value', 'data-figure': v.figure }, v.value),
          v.count !== undefined &&
            h('dd', { className: 'count', 'data-figure': `${v.figure}.count` }, v.count),
        ),
      ),
    ),
    ...notes.map((note, i) => h('p', { className: 'note', 'data-note': `${name}.${i}` }, note)),
    h(
      'dl',
      { className: 'definition' },
      h('dt', {}, 'Numerator'),
      h('dd', {}, definition.numerator),
      h('dt', {}, 'Denominator'),
      h('dd', {}, definition.denominator),
      h('dt', {}, 'Look-back'),
      h('dd', {}, definition.lookBack),
    ),
  );
}

/** A share of patients, now and before enrolment, and how many had no value to count. */
function controlCard(name, title, figure, { latest, population, without }) {
  const before = figure.beforeEnrolment;
  return card({
    name,
    title,
    definition: figure.definition,
    values: [
      {
        label: latest,
        figure: name,
        value: shareText(figure.share),
        count: `${figure.numerator} of ${counted(figure.denominator, 'patient')}`,
      },
      {
        label: 'Before enrolment',
        figure: `${name}.beforeEnrolment`,
        value: shareText(before.share),
        count: `${before.numerator} of ${counted(before.denominator, 'patient')}`,
      },
    ],
    notes: [
      figure.withoutReading === 0
        ? `Every ${population} patient has ${without} in the look-back.`
        : `${counted(figure.withoutReading, `${population} patient`)} without ${without} in the look-back ${figure.withoutReading === 1 ? 'is' : 'are'} not counted.`,
    ],
  });
}

function rateCard(name, title, figure, events) {
  return card({
    name,
    title,
    definition: figure.definition,
    values: [
      {
        label: 'In the month',
        figure: name,
        value: rateText(figure.per1000, 'per 1,000'),
        count: `${counted(figure.events, events)} among ${counted(figure.patients, 'enrolled patient')}`,
      },
    ],
  });
}

function shareCard(name, title, figure, { label, of }) {
  return card({
    name,
    title,
    definition: figure.definition,
    values: [
      {
        label,
        figure: name,
        value: shareText(figure.share),
        count: `${figure.numerator} of ${counted(figure.denominator, of)}`,
      },
    ],
  });
}

/** Discharges still inside their 30 days without a reconciliation are neither met nor missed yet. */
export function pendingText(pending) {
  if (pending === 0) return 'No discharge of the month is still inside its 30 days without a reconciliation.';
  return `${counted(pending, 'discharge')} of the month ${pending === 1 ? 'is' : 'are'} still inside ${pending === 1 ? 'its' : 'their'} 30 days without a reconciliation: not counted until one is recorded or the 30 days pass.`;
}

export function clinicalCards(m) {
  return [
    controlCard('bloodPressureControlled', 'Blood pressure under 140/90', m.bloodPressureControlled, {
      latest: 'Latest reading',
      population: 'hypertensive',
      without: 'a reading',
    }),
    controlCard('a1cAbove9', 'A1c over 9%', m.a1cAbove9, {
      latest: 'Latest result',
      population: 'diabetic',
      without: 'a result',
    }),
  ];
}

export function utilisationCards(m) {
  const perYear = m.admissionsPerPatientYear;
  return [
    rateCard('admissions', 'Hospital admissions', m.admissions, 'admission'),
    rateCard('readmissions', 'Readmissions within 30 days', m.readmissions, 'readmission'),
    rateCard('emergencyVisits', 'Emergency department visits', m.emergencyVisits, 'visit'),
    card({
      name: 'admissionsPerPatientYear',
      title: 'Admissions per 1,000 patient-years',
      definition: perYear.definition,
      values: [
        {
          label: 'Since enrolment',
          figure: 'admissionsPerPatientYear',
          value: rateText(perYear.sinceEnrolment, 'per 1,000 patient-years'),
        },
        {
          label: 'Before enrolment',
          figure: 'admissionsPerPatientYear.beforeEnrolment',
          value: rateText(perYear.beforeEnrolment, 'per 1,000 patient-years'),
        },
      ],
    }),
  ];
}

export function careCards(m) {
  const reconciliation = m.medicationReconciliationAfterDischarge;
  const satisfaction = m.satisfaction;
  return [
    card({
      name: 'medicationReconciliationAfterDischarge',
      title: 'Medication reconciliation after discharge',
      definition: reconciliation.definition,
      values: [
        {
          label: 'In the month',
          figure: 'medicationReconciliationAfterDischarge',
          value: shareText(reconciliation.share),
          count: `${reconciliation.numerator} of ${counted(reconciliation.denominator, 'discharge')}`,
        },
      ],
      notes: [pendingText(reconciliation.pending)],
    }),
    shareCard('adherent', 'Adherent to medications', m.adherent, { label: 'Latest check', of: 'patient' }),
    card({
      name: 'satisfaction',
      title: 'Patient satisfaction',
      definition: satisfaction.definition,
      values: [
        {
          label: 'Mean score',
          figure: 'satisfaction',
          value:
            satisfaction.meanScorePercent === null ? NO_DATA : `${satisfaction.meanScorePercent.toFixed(1)}%`,
          count: counted(satisfaction.respondents, 'respondent'),
        },
      ],
    }),
  ];
}
