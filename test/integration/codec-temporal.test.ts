import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  dataConverterFromEnv,
  payloadsFromJson,
  payloadsToJson,
  startCodecServer,
} from '../../src/temporal/codec/index.ts';
import { findTemporalCli } from '../../src/temporal/temporal-cli.ts';
import { startTestServer } from '../helpers/temporal.ts';
import { echoInvoice, type EchoInput } from './codec-fixtures/echo-workflow.ts';

/*
 * Runs a workflow through a real dev server with the encryption codec on both the worker and the client, then reads
 * the stored history with a client that has no codec (what the server, its database and anyone with plain access
 * see) and through the codec server (what the Web UI and CLI see).
 */
const SUPPLIER = 'Fromagerie Zéphyrin-Quatrebarbes';
const BUYER = 'Commune de Saint-Glinglin-sur-Loire';
const TOKEN = 'codec-test-token';
const WORKFLOWS_PATH = fileURLToPath(new URL('./codec-fixtures/echo-workflow.ts', import.meta.url));

/** Every Payload message in a history: any object that carries payload bytes and metadata. */
function collectPayloads(node: unknown, found: Payload[] = []): Payload[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return found;
  const record = node as Record<string, unknown>;
  if (record.data instanceof Uint8Array && typeof record.metadata === 'object' && record.metadata !== null) {
    found.push(record);
    return found;
  }
  for (const value of Object.values(record)) collectPayloads(value, found);
  return found;
}

/** The `data` of every payload in proto-JSON (as `temporal ... -o json` prints it), as UTF-8 text. */
function payloadTexts(node: unknown, found: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return found;
  const record = node as Record<string, unknown>;
  if (typeof record.data === 'string' && typeof record.metadata === 'object') {
    found.push(Buffer.from(record.data, 'base64').toString('utf8'));
    return found;
  }
  for (const value of Object.values(record)) payloadTexts(value, found);
  return found;
}

/** Runs a command; resolves with its stdout, rejects with its stderr. */
function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}

function utf8(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
}

function encodingOf(payload: Payload): string {
  return utf8(payload.metadata?.encoding);
}

describe('payload encryption on a real Temporal server', () => {
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await startTestServer();
  });
  after(async () => {
    await env?.teardown();
  });

  test('history holds only ciphertext; the codec client, the codec server and the CLI read it back', async (t) => {
    const dataConverter = dataConverterFromEnv({ CHORUS_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}` });
    const codec = dataConverter?.payloadCodecs?.[0];
    assert.ok(dataConverter && codec);

    const taskQueue = `codec-${randomUUID()}`;
    const workflowId = `codec-echo-${randomUUID()}`;
    const input: EchoInput = { invoiceNumber: 'F-2024-0042', supplierName: SUPPLIER };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      dataConverter,
    });
    const client = new Client({ connection: env.connection, dataConverter });
    const result = await worker.runUntil(
      client.workflow.execute(echoInvoice, { taskQueue, workflowId, args: [input], memo: { buyer: BUYER } }),
    );
    // The worker decoded the input and the memo, and the client decoded the result.
    assert.deepEqual(result, {
      echoed: input,
      memo: { buyer: BUYER },
      note: `Invoice F-2024-0042 from ${SUPPLIER}`,
    });

    const plainClient = new Client({ connection: env.connection });
    const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
    const payloads = collectPayloads(history);
    // Input, memo and result at least; all of them encrypted.
    assert.ok(payloads.length >= 3, `found ${payloads.length} payloads`);
    assert.deepEqual(new Set(payloads.map(encodingOf)), new Set(['binary/encrypted']));
    for (const payload of payloads) {
      const text = utf8(payload.data);
      assert.ok(!text.includes(SUPPLIER) && !text.includes(BUYER) && !text.includes('F-2024-0042'));
    }
    // Nowhere else in the stored history either (failures, headers, search attributes would show up here).
    const raw = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
    assert.ok(!raw.includes(SUPPLIER) && !raw.includes(BUYER), 'plaintext found in the raw history');

    const server = await startCodecServer({ codec, port: 0, token: TOKEN, log: () => {} });
    try {
      const body = JSON.stringify(payloadsToJson(payloads));
      const post = (headers: Record<string, string>) =>
        fetch(`${server.url}/decode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
          body,
        });

      const denied = await post({});
      assert.equal(denied.status, 401);
      assert.ok(!(await denied.text()).includes(SUPPLIER));

      const response = await post({ authorization: `Bearer ${TOKEN}` });
      assert.equal(response.status, 200);
      const decoded = payloadsFromJson(await response.json());
      assert.equal(decoded.length, payloads.length);
      assert.ok(decoded.every((payload) => encodingOf(payload) !== 'binary/encrypted'));
      const texts = decoded.map((payload) => utf8(payload.data));
      // The same search that found nothing above finds the strings once decoded.
      assert.ok(
        texts.some((text) => text.includes(SUPPLIER)),
        'supplier name not in the decoded payloads',
      );
      assert.ok(
        texts.some((text) => text.includes(BUYER)),
        'memo not in the decoded payloads',
      );

      // The Temporal CLI is a real codec-server client (Go protojson): --codec-endpoint with --codec-auth.
      const cli = findTemporalCli();
      if (!cli) {
        t.diagnostic('No Temporal CLI binary (the SDK downloaded the server): the CLI check did not run.');
        return;
      }
      const show = (...extra: string[]) =>
        run(cli.path, ['workflow', 'show', '-w', workflowId, '--address', env.address, '-o', 'json', ...extra]);
      const withoutCodec = payloadTexts(JSON.parse(await show()));
      assert.ok(withoutCodec.length >= 3 && !withoutCodec.some((t) => t.includes(SUPPLIER) || t.includes(BUYER)));
      const withCodec = payloadTexts(
        JSON.parse(await show('--codec-endpoint', server.url, '--codec-auth', `Bearer ${TOKEN}`)),
      );
      assert.ok(
        withCodec.some((text) => text.includes(SUPPLIER)),
        'the CLI did not show the decoded supplier name',
      );
      assert.ok(
        withCodec.some((text) => text.includes(BUYER)),
        'the CLI did not show the decoded memo',
      );
      // Refused by the codec server (401), the CLI retries until its deadline and prints nothing decoded.
      await assert.rejects(show('--codec-endpoint', server.url, '--command-timeout', '2s'), /deadline exceeded/);
    } finally {
      await server.close();
    }
  });
});
