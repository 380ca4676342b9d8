import { foldCandidate } from './candidate';
import { initialCandidateState, type CandidateProfile, type IdentifiedCandidate } from './candidate.events';
import { decidePanelImport, type PanelItem } from './panel-import';

const context = { nowLocal: '2026-03-31T12:00', actorId: 'admin-user' };
const person = (mbi: string | undefined, sourceId?: string): CandidateProfile => ({
  source: sourceId ? 'fhir' : 'csv',
  ...(sourceId ? { sourceId } : {}),
  name: { given: ['Ann'], family: 'Example' },
  dateOfBirth: '1950-01-01',
  sex: 'female',
  ...(mbi ? { mbi } : {}),
  conditions: [{ icd10: 'E11.9' }],
  coverages: [],
  encounters: [],
});
const item = (ref: string, id: string, profile: CandidateProfile, explicitId = false): PanelItem => ({
  ref,
  proposedCandidateId: id,
  explicitId,
  profile,
});
/** The practice's candidates, as a previous import left them. */
function panelOf(...items: PanelItem[]): Map<string, IdentifiedCandidate> {
  const decision = decidePanelImport(items, new Map(), 'riverside', context);
  if (decision.outcome !== 'accepted') throw new Error('the given panel must be accepted');
  return new Map(
    decision.items.map((d) => [
      d.candidateId,
      foldCandidate(d.events, initialCandidateState) as IdentifiedCandidate,
    ]),
  );
}

describe('panel import', () => {
  const existing = panelOf(
    item('entry[0]', 'ehr-1', person('1EG4TE5MK73', 'ehr-1')),
    item('rows[2]', 'csv-1', person(undefined), true),
  );

  it('creates new candidates, updates changed ones and leaves identical ones, matching by MBI then source id', () => {
    const decision = decidePanelImport(
      [
        item('entry[0]', 'ehr-9', person('1EG4TE5MK73', 'ehr-9')),
        item('entry[1]', 'ehr-2', person('9AC0D12EF34', 'ehr-2')),
        item('rows[2]', 'csv-1', person(undefined), true),
      ],
      existing,
      'riverside',
      context,
    );
    expect(decision).toMatchObject({
      outcome: 'accepted',
      items: [
        { ref: 'entry[0]', candidateId: 'ehr-1', outcome: 'updated', decidedOnRevision: 0 },
        { ref: 'entry[1]', candidateId: 'ehr-2', outcome: 'created', decidedOnRevision: -1 },
        { ref: 'rows[2]', candidateId: 'csv-1', outcome: 'unchanged', events: [] },
      ],
    });
  });

  it('refuses, all or nothing, two items with one MBI and an MBI another candidate holds', () => {
    const decision = decidePanelImport(
      [
        item('entry[0]', 'ehr-2', person('9AC0D12EF34', 'ehr-2')),
        item('entry[3]', 'ehr-3', person('9AC0-D12-EF34', 'ehr-3')),
        item('rows[4]', 'csv-1', person('1EG4TE5MK73'), true),
        item('entry[5]', 'ehr-5', person(undefined, 'ehr-5')),
      ],
      existing,
      'riverside',
      context,
    );
    expect(decision).toEqual({
      outcome: 'refused',
      refusals: [
        expect.objectContaining({ ref: 'entry[3]', code: 'CANDIDATE_MBI_DUPLICATE', fields: ['mbi'] }),
        expect.objectContaining({ ref: 'rows[4]', code: 'CANDIDATE_MBI_HELD', fields: ['mbi'] }),
      ],
    });
  });

  it('refuses a derived id another source made, and the rules’ refusals, pointing at the item', () => {
    const decision = decidePanelImport(
      [
        item('entry[0]', 'csv-1', person(undefined, 'ehr-77')),
        item('entry[1]', 'ehr-8', { ...person(undefined, 'ehr-8'), sex: 'x' as 'female' }),
      ],
      existing,
      'riverside',
      context,
    );
    expect(decision).toEqual({
      outcome: 'refused',
      refusals: [
        expect.objectContaining({ ref: 'entry[0]', code: 'CANDIDATE_ID_TAKEN' }),
        expect.objectContaining({ ref: 'entry[1]', code: 'CANDIDATE_INVALID', fields: ['sex'] }),
      ],
    });
  });
});
