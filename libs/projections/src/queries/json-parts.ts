/** About this many characters a part: well under the size at which V8 gives a string memory of its own. */
export const PART_CHARS = 32 * 1024;

/**
 * `head`, the items separated by commas, then `tail`, as parts whose concatenation is that text: each
 * item part a flat string of about PART_CHARS characters (more only by its last item).
 */
export function jsonArrayParts(head: string, items: readonly string[], tail: string): string[] {
  const parts = [head];
  let start = 0;
  let chars = 0;
  for (let i = 0; i < items.length; i++) {
    chars += items[i].length + 1;
    if (chars < PART_CHARS && i < items.length - 1) continue;
    const group = items.slice(start, i + 1);
    // Parts after the first begin with the comma before their first item.
    parts.push(start === 0 ? group.join(',') : ['', ...group].join(','));
    start = i + 1;
    chars = 0;
  }
  parts.push(tail);
  return parts;
}
