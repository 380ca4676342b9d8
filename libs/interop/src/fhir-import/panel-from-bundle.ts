import { createHash } from 'node:crypto';
import {
  isId,
  type CandidateCondition,
  type CandidateCoverage,
  type CandidateEncounter,
  type CandidateProfile,
  type PanelItem,
} from '@ccm/domain';
import { fhirErrorsOf } from '../fhir-validation';
import {
  at,
  conditionOf,
  coverageOf,
  encounterOf,
  INACTIVE,
  isPractitioner,
  practitionerNpis,
  problem,
  type BundleEntry,
} from './bundle-resources';
import {
  MBI_SYSTEM,
  PANEL_RESOURCE_TYPES,
  type FhirPatient,
  type PanelResource,
  type Reference,
} from './fhir-resources';
import type { ImportProblem } from './import-problem';

/** Bundle types taken: an EHR's transaction or batch, or another system's export (collection, searchset). */
export const IMPORTED_BUNDLE_TYPES = ['transaction', 'batch', 'collection', 'searchset'] as const;

/** Where each part of a candidate came from in the Bundle, to point a refusal at the right entry. */
export interface ItemSources {
  readonly patient: number;
  readonly conditions: number[];
  readonly coverages: number[];
  readonly encounters: number[];
}

export interface BundlePanel {
  readonly items: PanelItem[];
  readonly sources: ReadonlyMap<string, ItemSources>;
  /** For each entry of the Bundle, the ref of the item (candidate) it belongs to; none when left out. */
  readonly owners: readonly (string | undefined)[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function proposedIdOf(patient: FhirPatient, fullUrl: string | undefined, index: number): string {
  if (patient.id !== undefined && isId(patient.id)) return patient.id;
  const uuid = /^urn:uuid:([0-9a-fA-F-]{36})$/.exec(fullUrl ?? '');
  if (uuid) return uuid[1].toLowerCase();
  return `c-${createHash('sha256')
    .update(fullUrl ?? `entry-${index}`)
    .digest('hex')
    .slice(0, 24)}`;
}

/** The keys a reference to this Patient may use: its fullUrl, `Patient/{id}`, a URL ending in that. */
function keysOf(patient: FhirPatient, fullUrl: string | undefined): string[] {
  return [fullUrl, patient.id !== undefined ? `Patient/${patient.id}` : undefined].filter(
    (key): key is string => key !== undefined,
  );
}

function referenced(
  reference: Reference | undefined,
  byKey: ReadonlyMap<string, string>,
): string | undefined {
  const target = reference?.reference;
  if (target === undefined) return undefined;
  return byKey.get(target) ?? byKey.get(/(Patient\/[^/]+)(?:\/_history\/[^/]+)?$/.exec(target)?.[1] ?? '');
}

function profileOf(patient: FhirPatient): CandidateProfile {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const mbi = patient.identifier?.find((identifier) => identifier.system === MBI_SYSTEM)?.value;
  return {
    source: 'fhir',
    ...(patient.id !== undefined ? { sourceId: patient.id } : {}),
    name: { given: name?.given ?? [], family: name?.family ?? '' },
    dateOfBirth: patient.birthDate ?? '',
    sex: (patient.gender ?? '') as CandidateProfile['sex'],
    ...(mbi !== undefined ? { mbi } : {}),
    conditions: [],
    coverages: [],
    encounters: [],
  };
}

/** An export (another system's whole record) holds more than a panel: what is not one is left out. */
const EXPORT_BUNDLE_TYPES: ReadonlySet<unknown> = new Set(['collection', 'searchset']);

const isPanelResource = (entry: BundleEntry): boolean =>
  (PANEL_RESOURCE_TYPES as readonly unknown[]).includes(
    (entry.resource as { resourceType?: unknown }).resourceType,
  );
/**
 * Checks the envelope: a Bundle of a type taken, holding only the four resource types a panel has. An
 * export (collection, searchset) may hold other resource types: they are left out, not refused.
 */
function envelopeProblems(body: unknown): ImportProblem[] | BundleEntry[] {
  if (!isObject(body) || body.resourceType !== 'Bundle')
    return [problem(400, 'NOT_A_BUNDLE', 'The body is not a FHIR Bundle.', 'Bundle')];
  if (!(IMPORTED_BUNDLE_TYPES as readonly unknown[]).includes(body.type))
    return [
      problem(
        400,
        'BUNDLE_TYPE_UNSUPPORTED',
        `A Bundle of type transaction, batch, collection or searchset is taken.`,
        'Bundle.type',
      ),
    ];
  const entries = body.entry === undefined ? [] : body.entry;
  if (!Array.isArray(entries))
    return [problem(400, 'BUNDLE_INVALID', 'Bundle.entry is a list.', 'Bundle.entry')];
  const problems: ImportProblem[] = [];
  const isExport = EXPORT_BUNDLE_TYPES.has(body.type);
  entries.forEach((entry: unknown, index) => {
    const resource = isObject(entry) ? entry.resource : undefined;
    if (!isObject(resource)) {
      problems.push(problem(400, 'ENTRY_WITHOUT_RESOURCE', `Entry ${index} holds no resource.`, at(index)));
    } else if (
      !(PANEL_RESOURCE_TYPES as readonly unknown[]).includes(resource.resourceType) &&
      !(
        isExport &&
        typeof resource.resourceType === 'string' &&
        /^[A-Z][A-Za-z]{1,63}$/.test(resource.resourceType)
      )
    ) {
      const type = typeof resource.resourceType === 'string' ? resource.resourceType.slice(0, 64) : 'unknown';
      problems.push(
        problem(
          400,
          'RESOURCE_TYPE_UNSUPPORTED',
          `Entry ${index} is a ${/^[A-Za-z]+$/.test(type) ? type : 'resource'}: a panel holds Patient, Condition, Coverage and Encounter only.`,
          at(index, 'resourceType'),
        ),
      );
    }
  });
  return problems.length > 0 ? problems : (entries as BundleEntry[]);
}

/** Every resource against the FHIR R4 definitions: the element paths at fault, never their values. */
function validationProblems(entries: readonly BundleEntry[]): ImportProblem[] {
  return entries.flatMap((entry, index) =>
    (isPanelResource(entry) || isPractitioner(entry) ? fhirErrorsOf(entry.resource) : []).map((issue) => {
      const path = issue.path.replace(/^[A-Za-z]+\.?/, '');
      return problem(400, 'RESOURCE_INVALID', issue.message, at(index, path));
    }),
  );
}

/**
 * The panel a FHIR Bundle holds: each Patient a candidate, with the Conditions, Coverages and Encounters
 * that refer to it (`subject` / `beneficiary` as `Patient/{id}` or the Patient entry's fullUrl). Either
 * the items, or every problem found (400 for a Bundle that is not one we take or a resource that does not
 * conform, 422 for a Condition without an ICD-10-CM code or a reference to no Patient of the Bundle).
 */
export function panelFromBundle(body: unknown): BundlePanel | { readonly problems: ImportProblem[] } {
  const checked = envelopeProblems(body);
  if (checked.length > 0 && 'status' in checked[0]) return { problems: checked as ImportProblem[] };
  const entries = checked as BundleEntry[];
  const invalid = validationProblems(entries);
  if (invalid.length > 0) return { problems: invalid };

  const problems: ImportProblem[] = [];
  const byKey = new Map<string, string>();
  const items = new Map<string, { item: PanelItem; profile: CandidateProfile; sources: ItemSources }>();
  const owners: (string | undefined)[] = entries.map(() => undefined);
  const conditions = new Map<string, CandidateCondition[]>();
  const coverages = new Map<string, CandidateCoverage[]>();
  const encounters = new Map<string, CandidateEncounter[]>();
  const npis = practitionerNpis(entries);
  entries.forEach((entry, index) => {
    const resource = entry.resource as PanelResource;
    if (resource.resourceType !== 'Patient') return;
    const ref = `entry[${index}]`;
    for (const key of keysOf(resource, entry.fullUrl)) byKey.set(key, ref);
    const profile = profileOf(resource);
    const item = {
      ref,
      proposedCandidateId: proposedIdOf(resource, entry.fullUrl, index),
      explicitId: false,
      profile,
    };
    items.set(ref, {
      item,
      profile,
      sources: { patient: index, conditions: [], coverages: [], encounters: [] },
    });
  });
  const attach = <T>(
    lists: Map<string, T[]>,
    owner: string,
    kind: keyof ItemSources,
    index: number,
    value: T,
  ) => {
    lists.set(owner, [...(lists.get(owner) ?? []), value]);
    (items.get(owner)?.sources[kind] as number[]).push(index);
  };
  entries.forEach((entry, index) => {
    if (!isPanelResource(entry)) return;
    const resource = entry.resource as PanelResource;
    if (resource.resourceType === 'Patient') {
      owners[index] = `entry[${index}]`;
      return;
    }
    const subject = resource.resourceType === 'Coverage' ? resource.beneficiary : resource.subject;
    const owner = referenced(subject, byKey);
    if (owner === undefined) {
      const path = resource.resourceType === 'Coverage' ? 'beneficiary' : 'subject';
      problems.push(
        problem(
          422,
          'REFERENCE_UNRESOLVED',
          'The reference names no Patient of this Bundle.',
          at(index, path),
        ),
      );
      return;
    }
    owners[index] = owner;
    if (resource.resourceType === 'Condition') {
      const condition = conditionOf(resource, index, problems);
      if (condition) attach(conditions, owner, 'conditions', index, condition);
    } else if (resource.resourceType === 'Coverage') {
      if (!INACTIVE.has(resource.status)) attach(coverages, owner, 'coverages', index, coverageOf(resource));
    } else {
      const encounter = encounterOf(resource, index, problems, npis);
      if (encounter) attach(encounters, owner, 'encounters', index, encounter);
    }
  });
  if (problems.length > 0) return { problems };
  const panel: PanelItem[] = [...items.values()].map(({ item, profile }) => ({
    ...item,
    profile: {
      ...profile,
      conditions: conditions.get(item.ref) ?? [],
      coverages: coverages.get(item.ref) ?? [],
      encounters: encounters.get(item.ref) ?? [],
    },
  }));
  return {
    items: panel,
    sources: new Map([...items.values()].map(({ item, sources }) => [item.ref, sources])),
    owners,
  };
}
