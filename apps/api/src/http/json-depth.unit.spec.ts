import { nestsDeeperThan, textNestsDeeperThan } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('how deep a JSON body nests', () => {
  it.each([
    ['a scalar', '1', 0, false],
    ['an empty object', '{}', 1, false],
    ['an object in an array', '[{}]', 1, true],
    ['an object in an array', '[{}]', 2, false],
    ['three levels', '{"a":[{"b":1}]}', 2, true],
    ['three levels', '{"a":[{"b":1}]}', 3, false],
  ])('%s (%s) deeper than %i: %p, parsed and raw alike', (_what, text, max, deeper) => {
    expect(nestsDeeperThan(JSON.parse(text), max)).toBe(deeper);
    expect(textNestsDeeperThan(bytes(text), max)).toBe(deeper);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "quoted [[[" \\ }}}}]]]]', more: ['x'] });
    expect(textNestsDeeperThan(bytes(text), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.parse(text), 2)).toBe(false);
  });

  it('reads multi-byte characters without losing its place', () => {
    const text = JSON.stringify({ name: 'Zoë “[quoted]” 患者', list: [[1]] });
    expect(textNestsDeeperThan(bytes(text), 3)).toBe(false);
    expect(textNestsDeeperThan(bytes(text), 2)).toBe(true);
  });

  it('walks a very deep parsed value without overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 200_000; i++) value = [value];
    expect(nestsDeeperThan(value, 32)).toBe(true);
    expect(textNestsDeeperThan(bytes('['.repeat(200_000)), 32)).toBe(true);
  });
});
