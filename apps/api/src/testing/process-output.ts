/**
 * Everything the process prints while a test runs (stdout, stderr and the console), not only what reaches
 * the logger: what a test that claims "never in logs" must search. It is still printed as usual.
 */
export function captureProcessOutput(): { readonly written: string[]; restore(): void } {
  const written: string[] = [];
  const spies: jest.SpyInstance[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    spies.push(
      jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write),
    );
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    spies.push(
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map(String).join(' '));
      }),
    );
  }
  return { written, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
