import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';
import { startDevServer } from '../../src/temporal/dev-server.ts';

let runtimeInstalled = false;

/** Every line the workers of this test process logged, at every level, so tests can search them. */
export const capturedLogs: string[] = [];

function capture(entry: LogEntry): void {
  const line = `${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {}, (_key, value: unknown) =>
    value instanceof Error
      ? `${value.message}\n${value.stack ?? ''}`
      : typeof value === 'bigint'
        ? String(value)
        : value,
  )}`;
  capturedLogs.push(line);
  // Workers log every activity at INFO; tests show warnings and errors only.
  if (entry.level === 'WARN' || entry.level === 'ERROR') console.error(line);
}

/** A real Temporal dev server (in-memory SQLite, random port) for one test file. */
export async function startTestServer(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('INFO', capture) });
    runtimeInstalled = true;
  }
  return startDevServer();
}
