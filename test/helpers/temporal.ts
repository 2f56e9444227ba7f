import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startDevServer } from '../../src/temporal/dev-server.ts';

let runtimeInstalled = false;

/** A real Temporal dev server (in-memory SQLite, random port) for one test file. */
export async function startTestServer(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Workers log every activity at INFO; tests show warnings and errors only.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  return startDevServer();
}
