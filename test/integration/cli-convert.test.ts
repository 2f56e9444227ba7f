import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateEn16931 } from '../../src/invoice/index.ts';
import { pivotXml } from '../fixtures/invoice/pivot-builder.ts';
import { runCli } from '../helpers/cli.ts';

async function pivotFile(content: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'convert-'));
  const file = join(dir, 'pivot.xml');
  await writeFile(file, content);
  return { dir, file };
}

describe('chorus-gateway convert', () => {
  test('writes the UBL and the attachments of each invoice and says where', async () => {
    const { dir, file } = await pivotFile(
      pivotXml([{ number: 'F-1' }, { number: 'A-2', type: '381', originalInvoice: 'F-1' }]),
    );
    const out = join(dir, 'out');
    const run = await runCli(['convert', file, '--to', 'ubl', '--out', out], process.env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /2 invoice\(s\)/);
    const paths = [...run.stdout.matchAll(/UBL \(pivot\): (\S+)/g)].map((match) => match[1] ?? '');
    assert.equal(paths.length, 2);
    for (const path of paths) assert.deepEqual(validateEn16931(await readFile(path, 'utf8')), []);
    assert.match(await readFile(paths[1] ?? '', 'utf8'), /<CreditNote[\s>]/);
    assert.match(run.stdout, /attachment main: \S+\.pdf/);
  });

  test('an invoice missing what EN 16931 requires gets no UBL, the errors and a non-zero exit', async () => {
    const { file } = await pivotFile(pivotXml([{ number: 'F-3', supplierCountry: null, debtorName: null }]));
    const run = await runCli(['convert', file, '--to', 'ubl', '--out', join(file, '..', 'out')], process.env);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /no UBL written/);
    assert.match(run.stdout, /BT-\d+/);
  });

  test('a DOCTYPE is refused with a clear message', async () => {
    const { dir, file } = await pivotFile(
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CPPFacturePivot>&a;</CPPFacturePivot>',
    );
    const out = join(dir, 'refused');
    const run = await runCli(['convert', file, '--out', out], process.env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /DOCTYPE|entity/i);
    assert.equal(existsSync(out), false, 'nothing is left behind');
  });
});
