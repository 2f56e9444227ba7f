import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChorusError, isChorusError } from '../../src/chorus/index.ts';

/** Starts a test server on a random loopback port; `close` also drops kept-alive connections. */
export async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, close };
}

/** The ChorusError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function chorusFailure(work: Promise<unknown>): Promise<ChorusError> {
  try {
    await work;
  } catch (error) {
    assert.ok(isChorusError(error), `expected a ChorusError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}
