import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer } from '../../src/temporal/dev-server.ts';

/** A real Temporal dev server (in-memory SQLite, random port) for one test file. */
export async function startTestServer(): Promise<TestWorkflowEnvironment> {
  return startDevServer();
}
