import { decide } from './decide';
import { validateFacts } from './validate-facts';
import { codeMap } from './testing/decision-helpers';
import { BILLING_SCENARIOS } from './testing/scenarios';

/**
 * The billing scenario suite (testing/scenarios) is what the rule specs decide and what the api tests
 * record through the api: each document must be valid and decide, under the default policy, exactly the
 * codes the suite names, so the suite cannot drift from the rules.
 */
describe('the billing scenario suite', () => {
  it('has one scenario per name, each citing the rules it exercises', () => {
    const names = BILLING_SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(200);
    for (const s of BILLING_SCENARIOS) expect(s.rules.length).toBeGreaterThan(0);
  });

  it.each(BILLING_SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    expect(validateFacts(scenario.facts)).toMatchObject({ ok: true });
    expect(codeMap(decide(scenario.facts))).toEqual(scenario.expectedCodes);
  });
});
