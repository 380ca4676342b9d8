import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, OTHER_ACTOR, defaultContext, patientEnrolled } from '../testing/fixtures';
import type { SurveyResult } from './satisfaction.events';

const result = (overrides: Partial<SurveyResult> = {}): SurveyResult => ({
  surveyId: 'survey-1',
  completedOn: '2026-03-20',
  instrument: 'CCM patient satisfaction v1',
  scale: { min: 1, max: 5 },
  overallScore: 4,
  items: [
    { item: 'Easy to reach the care team', score: 5 },
    { item: 'Understands the care plan', score: 3 },
  ],
  ...overrides,
});
const recordSurvey = (overrides: Partial<SurveyResult> = {}): PatientCommand => ({
  type: 'RecordSatisfactionSurvey',
  data: result(overrides),
});
const surveyRecorded = (overrides: Partial<SurveyResult> = {}): PatientEvent => ({
  type: 'SatisfactionSurveyRecorded',
  data: { ...result(overrides), recordedBy: ACTOR },
});

describe('patient-reported satisfaction', () => {
  it('records a survey result with item scores, attributed to the acting user', () => {
    givenPatient(patientEnrolled()).when(recordSurvey()).then(surveyRecorded());
  });

  it('records an overall score alone, and the ends of the scale', () => {
    givenPatient(patientEnrolled())
      .when(recordSurvey({ items: undefined, overallScore: 1 }))
      .then(surveyRecorded({ items: undefined, overallScore: 1 }));
    givenPatient(patientEnrolled())
      .when(recordSurvey({ scale: { min: 0, max: 10 }, overallScore: 10, items: [] }))
      .then(surveyRecorded({ scale: { min: 0, max: 10 }, overallScore: 10, items: [] }));
  });

  it('refuses scores outside the stated scale, naming each', () => {
    givenPatient(patientEnrolled())
      .when(
        recordSurvey({
          overallScore: 6,
          items: [
            { item: 'a', score: 0 },
            { item: 'b', score: 3 },
          ],
        }),
      )
      .thenRefuses('SURVEY_SCORE_OUT_OF_SCALE', {
        fields: ['overallScore', 'items[0].score'],
        min: 1,
        max: 5,
      });
  });

  it('refuses a scale that does not run upwards, a blank instrument, a repeated item', () => {
    givenPatient(patientEnrolled())
      .when(recordSurvey({ scale: { min: 5, max: 5 } }))
      .thenRefuses('SURVEY_SCALE_INVALID', { fields: ['scaleMin', 'scaleMax'] });
    givenPatient(patientEnrolled())
      .when(recordSurvey({ instrument: ' ' }))
      .thenRefuses('SURVEY_INSTRUMENT_MISSING', { fields: ['instrument'] });
    givenPatient(patientEnrolled())
      .when(
        recordSurvey({
          items: [
            { item: 'a', score: 2 },
            { item: 'a', score: 3 },
          ],
        }),
      )
      .thenRefuses('SURVEY_ITEM_REPEATED', { fields: ['items[1].item'] });
  });

  it('refuses a survey completed after today or on a date that is not one', () => {
    givenPatient(patientEnrolled())
      .when(recordSurvey({ completedOn: '2026-04-01' }))
      .thenRefuses('OCCURS_IN_FUTURE', { fields: ['completedOn'] });
    givenPatient(patientEnrolled())
      .when(recordSurvey({ completedOn: '2026-13-01' }))
      .thenRefuses('DATE_INVALID', { fields: ['completedOn'] });
  });

  it('answers a re-send by anyone as applied, and refuses the id reused for another result', () => {
    givenPatient(patientEnrolled(), surveyRecorded())
      .when(recordSurvey(), { ...defaultContext, actorId: OTHER_ACTOR })
      .thenAlreadyApplied(1);
    givenPatient(patientEnrolled(), surveyRecorded())
      .when(recordSurvey({ overallScore: 2 }))
      .thenRefuses('SURVEY_ID_REUSED', { key: 'survey:survey-1' });
  });
});
