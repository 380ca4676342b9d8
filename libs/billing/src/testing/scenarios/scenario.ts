import type { PatientMonthFacts } from '../../facts';

/**
 * A named rule scenario: a complete facts document from the rule specs and the codes decide(facts) bills
 * for it under the default policy. The rule specs take their documents from here, and the api tests
 * record every one through the api (issue 14), so the engine and the event path are held to one list.
 */
export interface BillingScenario {
  readonly name: string;
  /** The rule ids the scenario exercises (ccm-rules.md). */
  readonly rules: readonly string[];
  readonly facts: PatientMonthFacts;
  /** The codes decide(facts) bills, as `{ code: units }` (the form of `codeMap`); `{}` for none. */
  readonly expectedCodes: Readonly<Record<string, number>>;
}

export type ScenarioDefinition = Omit<BillingScenario, 'name'>;

/** The scenarios of one area, and their documents by name (a typo in a name does not compile). */
export interface ScenarioGroup<Name extends string> {
  readonly scenarios: readonly BillingScenario[];
  /** A copy of the named scenario's facts, so a spec that changes it cannot change the suite. */
  readonly facts: (name: Name) => PatientMonthFacts;
}

export function scenarioGroup<Name extends string>(
  definitions: Record<Name, ScenarioDefinition>,
): ScenarioGroup<Name> {
  const scenarios = (Object.entries(definitions) as [Name, ScenarioDefinition][]).map(
    ([name, definition]): BillingScenario => ({ name, ...definition }),
  );
  const byName = new Map<string, ScenarioDefinition>(Object.entries(definitions));
  return {
    scenarios,
    facts: (name) => {
      const definition = byName.get(name);
      if (!definition) throw new Error(`no billing scenario named "${name}"`);
      return structuredClone(definition.facts);
    },
  };
}
