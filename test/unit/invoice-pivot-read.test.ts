import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvoiceFormatError, readPivotFile } from '../../src/invoice/index.ts';
import { pivotXml } from '../fixtures/invoice/pivot-builder.ts';
import { zipOne } from '../fixtures/invoice/zip-builder.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-pivot-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function read(xml: string | Buffer, options?: { maxAttachmentBytes?: number }) {
  const n = ++counter;
  const path = join(dir, `pivot-${n}.xml`);
  await writeFile(path, xml);
  return readPivotFile(path, join(dir, `work-${n}`), options);
}

async function refused(xml: string | Buffer, pattern: RegExp): Promise<void> {
  await assert.rejects(read(xml), (error: unknown) => {
    assert.ok(error instanceof InvoiceFormatError, `expected InvoiceFormatError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('readPivotFile: fields', () => {
  test('maps every V2_02 field to English domain types', async () => {
    const pdf = Buffer.from('%PDF-1.4\nmain invoice\n');
    const xml = pivotXml([
      {
        number: 'F-2024-001',
        chorusId: '5000123',
        resend: 'Recyclée',
        originalInvoice: 'F-2023-999',
        framework: 'A9',
        deliveryDate: '2024-02-28',
        commitment: 'EJ-42',
        contract: 'M-7',
        amounts: ['150.00', '180.00', '180.00'],
        vat: [['20', '150.00', '30.00']],
        lines: [
          ['REF-A', '10.00', '10', '100.00', '20'],
          ['REF-B', '25.00', '2', '50.00', '20'],
        ],
        validation: true,
        attachments: [
          { name: 'FACF-2024-001.pdf', type: '01', content: pdf },
          {
            name: 'PJ002.pdf',
            originalName: 'Bon de commande.pdf',
            category: 'Bon de commande',
            type: '02',
            content: Buffer.from('%PDF-1.4\nBC\n'),
          },
        ],
      },
    ]);
    const pivot = await read(xml);
    assert.equal(pivot.version, 'V2_02');
    assert.equal(pivot.declaredCount, 1);
    assert.deepEqual(
      pivot.envelope[0]?.parameters.map((p) => [p.code, p.value]),
      [
        ['DtPrd', '2024-03-02'],
        ['IdFlx', 'FLX-TEST-1'],
      ],
    );
    assert.equal(pivot.envelope[0]?.sender?.id, 'CPP001');
    const invoice = pivot.invoices[0];
    assert.ok(invoice);
    assert.deepEqual(invoice.supplier, {
      identifierType: 'SIRET',
      identifierTypeCode: '1',
      identifier: '32682006500083',
      name: 'Fournitures Test SARL',
      countryCode: 'FR',
      bankReference: {
        type: 'IBAN',
        account: 'FR7630006000011234567890189',
        bankName: 'Banque Test',
        payeeName: undefined,
      },
      submissionMode: 'edi',
      submissionModeRaw: 'flux',
    });
    assert.deepEqual(invoice.debtor, {
      identifierTypeCode: '1',
      identifier: '21930053000017',
      name: 'Commune de Test',
      serviceCode: 'SERV-01',
      serviceName: 'Comptabilité',
    });
    assert.equal(invoice.number, 'F-2024-001');
    assert.equal(invoice.chorusId, '5000123');
    assert.equal(invoice.resend, 'recycled');
    assert.equal(invoice.originalInvoiceNumber, 'F-2023-999');
    assert.equal(invoice.kind, 'invoice');
    assert.equal(invoice.billingFramework, 'A9');
    assert.equal(invoice.issueDate, '2024-03-01');
    assert.equal(invoice.deliveryDate, '2024-02-28');
    assert.equal(invoice.receptionDate, '2024-03-02');
    assert.deepEqual(invoice.paymentMeans, { code: '30', label: 'Virement' });
    assert.deepEqual(invoice.amounts, { exclTax: '150.00', inclTax: '180.00', netPayable: '180.00' });
    assert.deepEqual(invoice.vatLines, [{ rate: '20', baseAmount: '150.00', vatAmount: '30.00' }]);
    assert.equal(invoice.commitmentNumber, 'EJ-42');
    assert.equal(invoice.contractNumber, 'M-7');
    assert.deepEqual(invoice.lines[1], {
      order: '2',
      productReference: 'REF-B',
      unitPrice: '25.00',
      quantity: '2',
      amountExclTax: '50.00',
      vatRate: '20',
    });
    assert.equal(invoice.validationCycle[0]?.statusComplement, 'Déposée');
    assert.equal(invoice.validationCycle[0]?.producer.name, 'Ministère');

    const [main, extra] = invoice.attachments;
    assert.ok(main && extra);
    assert.equal(main.kind, 'main');
    assert.equal(main.index, 1);
    assert.equal(main.storedName, 'FACF-2024-001.pdf');
    assert.equal(main.mimeType, 'application/pdf');
    assert.equal(main.bytes, pdf.length);
    assert.equal(main.sha256, createHash('sha256').update(pdf).digest('hex'));
    assert.deepEqual(await readFile(main.path), pdf);
    assert.equal(extra.kind, 'complementary');
    assert.equal(extra.originalName, 'Bon de commande.pdf');
    assert.equal(extra.chorusName, 'PJ002.pdf');
    assert.equal(extra.category, 'Bon de commande');
    assert.equal(extra.storedName, 'Bon de commande.pdf');
    assert.deepEqual(invoice.warnings, []);
  });

  test('reads V1_22 pivots with xsi:type attributes and a local xmlns:xs, without the V2_02 elements', async () => {
    const xml = pivotXml([{ number: 'OLD-1', xsiTypes: true }], { version: '' });
    const pivot = await read(xml);
    assert.equal(pivot.version, 'V1_22');
    const invoice = pivot.invoices[0];
    assert.equal(invoice?.supplier.identifier, '32682006500083');
    assert.equal(invoice?.supplier.name, 'Fournitures Test SARL');
    assert.equal(invoice?.debtor.name, 'Commune de Test');
    assert.equal(invoice?.attachments[0]?.mimeType, 'application/pdf');
    assert.equal(invoice?.chorusId, undefined);
    assert.equal(invoice?.resend, undefined);
  });

  test('reads pivots holding several invoices (Compteur 3), each with its attachments in its own folder', async () => {
    const xml = pivotXml([
      { number: 'M-1', attachments: [{ name: 'facture.pdf', type: '01', content: Buffer.from('%PDF one') }] },
      {
        number: 'M-2',
        type: '381',
        attachments: [{ name: 'facture.pdf', type: '01', content: Buffer.from('%PDF two') }],
      },
      { number: 'M-3', attachments: [{ name: 'facture.pdf', type: '01', content: Buffer.from('%PDF three') }] },
    ]);
    const pivot = await read(xml);
    assert.equal(pivot.declaredCount, 3);
    assert.deepEqual(
      pivot.invoices.map((i) => [i.number, i.kind, i.position]),
      [
        ['M-1', 'invoice', 1],
        ['M-2', 'credit-note', 2],
        ['M-3', 'invoice', 3],
      ],
    );
    const contents = await Promise.all(pivot.invoices.map((i) => readFile(i.attachments[0]?.path ?? '', 'utf8')));
    assert.deepEqual(contents, ['%PDF one', '%PDF two', '%PDF three']);
    assert.equal(new Set(pivot.invoices.map((i) => i.attachments[0]?.path)).size, 3);
  });

  test('read again into the same work folder (a retried activity), it replaces what the first attempt left', async () => {
    const path = join(dir, 'retried.xml');
    await writeFile(
      path,
      pivotXml([{ attachments: [{ name: 'facture.pdf', type: '01', content: Buffer.from('%PDF once') }] }]),
    );
    const work = join(dir, 'work-retried');
    const first = await readPivotFile(path, work);
    await writeFile(join(work, 'invoice-1', 'debris.tmp'), 'half');
    const second = await readPivotFile(path, work);
    assert.equal(second.invoices[0]?.attachments[0]?.path, first.invoices[0]?.attachments[0]?.path);
    assert.deepEqual(await readdir(join(work, 'invoice-1')), ['facture.pdf']);
    assert.equal(await readFile(join(work, 'invoice-1', 'facture.pdf'), 'utf8'), '%PDF once');
  });

  test('warns when Compteur disagrees with the invoices present', async () => {
    const pivot = await read(pivotXml([{ number: 'C-1' }], { counter: 2 }));
    assert.match(pivot.warnings.join(), /Compteur says 2/);
  });

  test('decodes entities and character references, and ISO-8859-1 files', async () => {
    const xml = pivotXml([{ supplierName: 'Dupont & Fils', debtorName: 'Ville d’Évreux' }]).replace(
      'Dupont &amp; Fils',
      'Dupont &amp; Fils &#233;&#x20AC;',
    );
    assert.equal((await read(xml)).invoices[0]?.supplier.name, 'Dupont & Fils é€');
    const latin1 = pivotXml([{ debtorName: 'Mairie de Sète' }])
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('Ville d’Évreux', '');
    const pivot = await read(Buffer.from(latin1.replace(/’/g, "'"), 'latin1'));
    assert.equal(pivot.invoices[0]?.debtor.name, 'Mairie de Sète');
  });

  test('accepts base64 wrapped on several lines and keeps line numbers for later errors', async () => {
    const content = Buffer.alloc(5000, 7);
    const xml = pivotXml([{ attachments: [{ name: 'wrapped.pdf', type: '01', content, wrap: true }] }]);
    const pivot = await read(xml);
    assert.deepEqual(await readFile(pivot.invoices[0]?.attachments[0]?.path ?? ''), content);
    const broken = xml.replace('</CPPFactures>', '<Oops></CPPFactures>');
    const line = broken.split('\n').findIndex((l) => l.includes('<Oops>')) + 1;
    await refused(broken, new RegExp(`line ${line}`));
  });

  test('keeps attachments whose content is not zipped, and reports those without content', async () => {
    const xml = pivotXml([
      { attachments: [{ name: 'plain.pdf', type: '01', raw: Buffer.from('%PDF-1.4 not zipped') }] },
    ]).replace(
      '</CPPFacturePivotUnitaire>',
      '<PJ NumOrdre="2"><IdUnique>U-9</IdUnique><NomPJ>absent.pdf</NomPJ><TypePJ>02</TypePJ><MimeTypePJ>application/pdf</MimeTypePJ></PJ></CPPFacturePivotUnitaire>',
    );
    const invoice = (await read(xml)).invoices[0];
    assert.equal(await readFile(invoice?.attachments[0]?.path ?? '', 'utf8'), '%PDF-1.4 not zipped');
    assert.equal(invoice?.attachments.length, 1);
    assert.match(invoice?.warnings.join('\n') ?? '', /not a ZIP/);
    assert.match(invoice?.warnings.join('\n') ?? '', /attachment 2 "absent.pdf" has no content.*U-9/);
  });

  test('gives hostile attachment names safe, distinct stored names', async () => {
    const names = [
      '../../etc/passwd',
      'a/b\\c.pdf',
      'x\u0001y.pdf',
      'rapport~1.pdf',
      'message.xml',
      'dup.pdf',
      'DUP.pdf',
    ];
    const attachments = names.map((name, i) => ({
      name,
      type: i === 0 ? ('01' as const) : ('02' as const),
      zip: zipOne(`file-${i}.pdf`, Buffer.from(`%PDF ${i}`)),
    }));
    const xml = pivotXml([{ attachments }]);
    const invoice = (await read(xml)).invoices[0];
    const stored = invoice?.attachments.map((a) => a.storedName);
    assert.deepEqual(stored, [
      'etc_passwd.pdf',
      'a_b_c.pdf',
      'xy.pdf',
      'rapport_1.pdf',
      'message (2).xml',
      'dup.pdf',
      'DUP (2).pdf',
    ]);
    assert.deepEqual((await readdir(join(dir, `work-${counter}`, 'invoice-1'))).sort(), [...(stored ?? [])].sort());
    assert.equal(invoice?.attachments[0]?.originalName, '../../etc/passwd');
  });
});

describe('readPivotFile: refused and malformed input', () => {
  test('refuses a DOCTYPE before anything is parsed', async () => {
    const xml = pivotXml([{}]).replace(
      '<CPPFacturePivot',
      '<!DOCTYPE CPPFacturePivot SYSTEM "http://example.invalid/x.dtd">\n<CPPFacturePivot',
    );
    await refused(xml, /DOCTYPE.*refused|not accepted/i);
  });

  test('refuses an entity expansion attack (billion laughs) without expanding anything', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
      '\n',
    );
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<CPPFacturePivot><Nom>&lol9;</Nom></CPPFacturePivot>`;
    const startHeap = process.memoryUsage().heapUsed;
    await refused(xml, /DOCTYPE/);
    assert.ok(process.memoryUsage().heapUsed - startHeap < 50 * 1024 * 1024);
  });

  test('refuses ENTITY declarations and undefined entities anywhere', async () => {
    await refused(pivotXml([{}]).replace('<Enveloppe>', '<!ENTITY x "y"><Enveloppe>'), /ENTITY/);
    await refused(pivotXml([{}]).replace('Fournitures Test SARL', '&xxe;'), /undefined entity &xxe;/);
  });

  test('bounds nesting depth and element count', async () => {
    const deep = pivotXml([{}]).replace('<Enveloppe>', `${'<a>'.repeat(80)}${'</a>'.repeat(80)}<Enveloppe>`);
    await refused(deep, /nested deeper than 64/);
    const many = pivotXml([{}]).replace('<Enveloppe>', `${'<x/>'.repeat(500_001)}<Enveloppe>`);
    await refused(many, /more than 500000 elements/);
  });

  test('names the line of malformed XML', async () => {
    const xml = pivotXml([{}]);
    const lines = xml.split('\n');
    const at = lines.findIndex((l) => l.includes('<Debiteur>'));
    lines[at] = lines[at]?.replace('<Debiteur>', '<Debiteur><Unclosed>') ?? '';
    await refused(lines.join('\n'), /malformed XML: .*\(line \d+, column \d+\)/);
    await refused(xml.slice(0, xml.length / 2), /malformed XML: .*(unclosed|closing tag|end of file)/i);
    await refused('just text', /text outside the root element/);
    await refused(Buffer.from([0xff, 0xfe, 0x3c, 0x00]), /UTF-16/);
  });

  test('refuses files that are not pivots, and pivots missing mandatory data', async () => {
    await refused('<Invoice/>', /root element is <Invoice>/);
    await refused(pivotXml([{}]).replace(/<Id>FAC-001<\/Id>/, ''), /invoice #1 has no Id/);
    await refused(
      pivotXml([{}]).replace('<MontantHT>100.00</MontantHT>', '<MontantHT>cent</MontantHT>'),
      /MontantHT "cent" is not a number/,
    );
  });

  test('refuses an attachment whose decoded ZIP exceeds maxAttachmentBytes, and leaves no file behind', async () => {
    const xml = pivotXml([{ attachments: [{ name: 'big.pdf', type: '01', raw: Buffer.alloc(4096, 1) }] }]);
    await assert.rejects(read(xml, { maxAttachmentBytes: 1000 }), /larger than the limit of 1000 bytes/);
    const left = await readdir(join(dir, `work-${counter}`)).catch(() => 'no work folder');
    assert.ok(left === 'no work folder' || left.length === 0, `left behind: ${String(left)}`);
  });

  test('refuses invalid base64', async () => {
    const xml = pivotXml([{}]).replace(/<Contenu>/, '<Contenu>@@');
    await refused(xml, /invalid character "@" in base64/);
  });
});
