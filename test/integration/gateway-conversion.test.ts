import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { validateEn16931 } from '../../src/invoice/index.ts';
import { sha256OfFile } from '../../src/store/files.ts';
import { deployGateway } from '../../src/temporal/gateway-schedules.ts';
import { runTick } from '../../src/temporal/run-tick.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { readStore } from '../helpers/store.ts';

interface StoredAttachmentMetadata {
  originalName: string;
  storedName: string;
  mimeType: string;
  kind: string;
  bytes: number;
  sha256: string;
}

describe('UBL output and attachments', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ seed: 8, invoiceCount: 15, depositSpreadDays: 5 }, { taskQueue: 'gateway-ubl' });
    await deployGateway(harness.env.client, harness.gateway('ubl', { outputFormat: 'ubl' }), {
      taskQueue: harness.taskQueue,
      credentials: harness.credentials,
    });
  });

  after(() => harness?.stop());

  test('every message is a valid EN 16931 UBL invoice, or the pivot with the reasons it is not', async () => {
    const result = await runTick(harness.env.client, 'ubl');
    assert.equal(result.failed, 0, JSON.stringify(result.failures));
    assert.equal(result.delivered, 15);
    const { messages } = await readStore(harness.storeRoot, 'ubl');
    let ubl = 0;
    for (const message of messages) {
      const xml = await readFile(join(message.folder, 'message.xml'), 'utf8');
      const meta = message.metadata as { message: { format: string }; conversion: { ok: boolean; errors: unknown[] } };
      if (meta.message.format === 'ubl') {
        ubl++;
        assert.ok(meta.conversion.ok);
        assert.match(xml, /<(\w+:)?(Invoice|CreditNote)[\s>]/);
        assert.deepEqual(validateEn16931(xml), [], `invoice ${message.invoiceId}`);
      } else {
        assert.equal(meta.conversion.ok, false);
        assert.ok(meta.conversion.errors.length > 0);
        assert.match(xml, /<CPPFacturePivot[\s>]/);
      }
    }
    assert.equal(result.convertedWithErrors, messages.length - ubl);
    assert.ok(ubl > 0, 'some invoices converted');
  });

  test('every attachment is stored beside the message, listed with its original name, type, size and sha256', async () => {
    const { messages } = await readStore(harness.storeRoot, 'ubl');
    let attachments = 0;
    for (const message of messages) {
      const listed = message.metadata.attachments as StoredAttachmentMetadata[];
      assert.ok(
        listed.some((attachment) => attachment.kind === 'main'),
        `invoice ${message.invoiceId} has its main file`,
      );
      for (const attachment of listed) {
        attachments++;
        assert.doesNotMatch(attachment.storedName, /[/\\~]|\.\./);
        assert.ok(
          [...attachment.storedName].every((char) => char >= ' '),
          'no control characters',
        );
        const onDisk = await sha256OfFile(join(message.folder, attachment.storedName));
        assert.deepEqual(onDisk, { bytes: attachment.bytes, sha256: attachment.sha256 });
        assert.ok(
          message.manifest.files.some((file) => file.name === attachment.storedName && file.role === 'attachment'),
        );
      }
    }
    assert.ok(attachments > messages.length, 'complementary attachments too');
  });

  test('a malformed pivot fails its invoice with a clear error while the others are delivered', async () => {
    harness.simulator.setFaults({ malformedPivotRate: 1 });
    const [broken] = harness.simulator.addInvoices(1);
    const malformed = await runTick(harness.env.client, 'ubl');
    harness.simulator.setFaults({ malformedPivotRate: 0 });
    assert.equal(malformed.failed, 1);
    assert.equal(malformed.failures[0]?.invoiceId, broken);
    assert.match(malformed.failures[0]?.message ?? '', /XML|pivot/i);
    const downloads = harness.simulator.stats().downloadsByInvoice[String(broken)];
    assert.equal(downloads, 1, 'not retried: a malformed file stays malformed');

    const [fine] = harness.simulator.addInvoices(1);
    const next = await runTick(harness.env.client, 'ubl');
    assert.equal(next.failed, 0);
    assert.ok((await readStore(harness.storeRoot, 'ubl')).messages.some((message) => message.invoiceId === fine));
  });
});
