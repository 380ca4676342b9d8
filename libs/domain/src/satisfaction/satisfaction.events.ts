import type { LocalDate } from '../shared/local-time';

/** The scale every score of a survey result is on, inclusive (e.g. 1 to 5, 0 to 10). */
export interface SurveyScale {
  readonly min: number;
  readonly max: number;
}

export interface SurveyResult {
  readonly surveyId: string;
  readonly completedOn: LocalDate;
  /** The questionnaire, as the practice names it (e.g. "CCM patient satisfaction v1", "CAHPS CG"). */
  readonly instrument: string;
  readonly scale: SurveyScale;
  /** The overall rating, on the scale. */
  readonly overallScore: number;
  /** Optional item scores, on the same scale. */
  readonly items?: readonly { readonly item: string; readonly score: number }[];
}

export type SatisfactionEvent = {
  /** A patient-reported satisfaction survey result, recorded by staff. */
  readonly type: 'SatisfactionSurveyRecorded';
  readonly data: SurveyResult & { readonly recordedBy: string };
};
