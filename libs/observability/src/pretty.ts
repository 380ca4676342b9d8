import type { DestinationStream } from 'pino';

const COLOURS: Readonly<Record<string, string>> = {
  fatal: '\x1b[41m\x1b[97m',
  error: '\x1b[31m',
  warn: '\x1b[33m',
  info: '\x1b[32m',
  debug: '\x1b[36m',
  trace: '\x1b[90m',
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const SHOWN_APART = new Set(['level', 'time', 'msg', 'service', 'context', 'pid', 'hostname']);

/**
 * A terminal's view of the JSON records: time, coloured level, context, message, then the other fields
 * as key=value. Formats what pino already serialised and redacted, so it shows nothing the JSON would not.
 * Used only on a terminal outside production (see loadLogConfig); no extra dependency.
 */
export function prettyDestination(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return {
    write(line: string): void {
      out.write(formatLine(line));
    },
  };
}

export function formatLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof record.level === 'string' ? record.level : 'info';
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const context = typeof record.context === 'string' ? ` [${record.context}]` : '';
  const message = typeof record.msg === 'string' ? record.msg : '';
  const rest = Object.entries(record)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const colour = COLOURS[level] ?? '';
  return `${DIM}${time}${RESET} ${colour}${level.toUpperCase().padEnd(5)}${RESET}${context} ${message}${rest ? ` ${DIM}${rest}${RESET}` : ''}\n`;
}
