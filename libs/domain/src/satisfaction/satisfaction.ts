import type { DecisionContext } from '../patient/decision-context';
import { todayOf } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate } from '../shared/local-time';
import type { SatisfactionEvent, SurveyResult } from './satisfaction.events';

export type SatisfactionCommand = { readonly type: 'RecordSatisfactionSurvey'; readonly data: SurveyResult };

type Result = Decision<SatisfactionEvent>;

export function decideSatisfaction(
  command: SatisfactionCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const data = { ...command.data, instrument: command.data.instrument.trim(), recordedBy: context.actorId };
  const replay = checkIdempotencyKey<SatisfactionEvent>(
    state,
    `survey:${data.surveyId}`,
    data,
    'SURVEY_ID_REUSED',
  );
  if (replay) return replay;
  const bad = refuseInvalidDates<SatisfactionEvent>({ completedOn: data.completedOn }, isLocalDate);
  if (bad) return bad;
  if (data.completedOn > todayOf(context)) {
    return refuse('OCCURS_IN_FUTURE', 'A survey is recorded once it has been completed.', {
      fields: ['completedOn'],
    });
  }
  if (data.instrument === '') {
    return refuse('SURVEY_INSTRUMENT_MISSING', 'A survey result names its instrument.', {
      fields: ['instrument'],
    });
  }
  const { min, max } = data.scale;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) {
    return refuse('SURVEY_SCALE_INVALID', 'A scale runs from a lower to a higher score.', {
      fields: ['scaleMin', 'scaleMax'],
    });
  }
  const onScale = (score: number) => Number.isFinite(score) && score >= min && score <= max;
  const outside = [
    ...(onScale(data.overallScore) ? [] : ['overallScore']),
    ...(data.items ?? []).flatMap((item, i) => (onScale(item.score) ? [] : [`items[${i}].score`])),
  ];
  if (outside.length > 0) {
    return refuse('SURVEY_SCORE_OUT_OF_SCALE', 'A score is outside the survey’s stated scale.', {
      fields: outside,
      min,
      max,
    });
  }
  const names = (data.items ?? []).map((item) => item.item.trim());
  const repeated = names.flatMap((name, i) => (names.indexOf(name) !== i ? [`items[${i}].item`] : []));
  if (repeated.length > 0) {
    return refuse('SURVEY_ITEM_REPEATED', 'Each item is scored once.', { fields: repeated });
  }
  return accept({ type: 'SatisfactionSurveyRecorded', data });
}

export function evolveSatisfaction(state: EnrolledPatient, event: SatisfactionEvent): EnrolledPatient {
  return {
    ...state,
    idempotencyKeys: rememberIdempotencyKey(state, `survey:${event.data.surveyId}`, event.data),
  };
}
