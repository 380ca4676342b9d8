import { VALID_NPIS } from '../testing/fixtures';
import {
  isId,
  isValidNpi,
  parsePatientStreamId,
  patientStreamId,
  patientStreamPrefix,
  practiceStreamId,
} from './ids';

describe('identifiers', () => {
  describe('client-chosen ids', () => {
    it.each(['entry-1', 'A_b-9', 'x', 'a'.repeat(64)])('%s is an id', (value) => {
      expect(isId(value)).toBe(true);
    });

    it.each([
      ['empty', ''],
      ['longer than 64 characters', 'a'.repeat(65)],
      ['containing a dot, which separates stream name parts', 'entry.1'],
      ['containing a space', 'entry 1'],
      ['containing a slash', 'entry/1'],
    ])('an id cannot be %s', (_why, value) => {
      expect(isId(value)).toBe(false);
    });
  });

  describe('stream names', () => {
    it('name one stream per practice and one per patient of a practice', () => {
      expect(practiceStreamId('riverside')).toBe('ccm.practice.riverside');
      expect(patientStreamId('riverside', 'p-1')).toBe('ccm.patient.riverside.p-1');
      expect(patientStreamId('riverside', 'p-1').startsWith(patientStreamPrefix('riverside'))).toBe(true);
    });

    it('parse a patient stream back into practice and patient', () => {
      expect(parsePatientStreamId(patientStreamId('riverside', 'p-1'))).toEqual({
        practiceId: 'riverside',
        patientId: 'p-1',
      });
    });

    it.each(['ccm.practice.riverside', 'ccm.patient.riverside', 'ccm.patient.a.b.c', 'other.patient.a.b'])(
      'do not mistake %s for a patient stream',
      (streamId) => {
        expect(parsePatientStreamId(streamId)).toBeUndefined();
      },
    );
  });

  describe('NPI check digit (Luhn over 80840 and the ten digits)', () => {
    it.each([...VALID_NPIS])('%s is a valid NPI', (npi) => {
      expect(isValidNpi(npi)).toBe(true);
    });

    it('refuses each wrong check digit of a valid NPI', () => {
      for (let digit = 0; digit <= 9; digit++) {
        const npi = `123456789${digit}`;
        expect(isValidNpi(npi)).toBe(digit === 3);
      }
    });

    it('catches two swapped adjacent digits', () => {
      expect(isValidNpi('2134567893')).toBe(false);
    });

    it.each([
      ['nine digits', '123456789'],
      ['eleven digits', '12345678930'],
      ['letters', '12345678X3'],
      ['surrounding spaces', ' 1234567893'],
    ])('an NPI cannot have %s', (_why, value) => {
      expect(isValidNpi(value)).toBe(false);
    });
  });
});
