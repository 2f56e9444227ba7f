import { DefaultLogger, type LogEntry, type LogLevel, Runtime } from '@temporalio/worker';

// The facts an operator reads; task tokens, run ids and SDK internals stay out of the console.
const SHOWN = [
  'state',
  'gatewayId',
  'invoiceId',
  'invoiceNumber',
  'count',
  'folder',
  'workflowId',
  'activityType',
  'attempt',
  'error',
];

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function printEntry(entry: LogEntry): void {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString().slice(11, 19);
  const meta = entry.meta ?? {};
  const details = SHOWN.filter((key) => meta[key] !== undefined)
    .map((key) => `${key}=${formatValue(meta[key])}`)
    .join(' ');
  const line = `${time} ${entry.level.padEnd(5)} ${entry.message}${details ? ` ${details}` : ''}`;
  if (entry.level === 'ERROR' || entry.level === 'WARN') console.error(line);
  else console.log(line);
}

/** One short line per event, at LOG_LEVEL (default INFO). Must run before any worker is created. */
export function installConsoleLogger(
  level: LogLevel = (process.env.LOG_LEVEL?.toUpperCase() as LogLevel) ?? 'INFO',
): void {
  Runtime.install({ logger: new DefaultLogger(level, printEntry) });
}
