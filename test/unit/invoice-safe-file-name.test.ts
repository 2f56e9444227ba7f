import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeFileName } from '../../src/invoice/index.ts';

describe('safeFileName', () => {
  const cases: [string, string][] = [
    ['facture.pdf', 'facture.pdf'],
    ['../../etc/passwd', 'etc_passwd'],
    ['/etc/passwd', 'etc_passwd'],
    ['a/b\\c', 'a_b_c'],
    ['C:\\Windows\\system32\\evil.pdf', 'C__Windows_system32_evil.pdf'],
    ['..', 'attachment'],
    ['', 'attachment'],
    ['   ', 'attachment'],
    ['bon\u0000de\u0007commande\r\n.pdf', 'bondecommande.pdf'],
    ['rapport~1.pdf', 'rapport_1.pdf'],
    ['devis:v2?.pdf', 'devis_v2_.pdf'],
    ['a..b...pdf', 'a.b.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['trailing. . ', 'trailing'],
    ['exe\u202Efdp.pdf', 'exefdp.pdf'],
    ['Fa\u0063\u0327ade.pdf', 'Façade.pdf'],
    ['CON.pdf', '_CON.pdf'],
    ['nul', '_nul'],
    ['lpt1.txt', '_lpt1.txt'],
    ['message.xml', 'message (2).xml'],
    ['METADATA.json', 'METADATA (2).json'],
    ['manifest.json', 'manifest (2).json'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(safeFileName(input, new Set()), expected);
    });
  }

  test('resolves collisions case-insensitively and records the names it gives', () => {
    const taken = new Set<string>();
    assert.equal(safeFileName('PJ.pdf', taken), 'PJ.pdf');
    assert.equal(safeFileName('pj.pdf', taken), 'pj (2).pdf');
    assert.equal(safeFileName('PJ.pdf', taken), 'PJ (3).pdf');
    assert.equal(safeFileName('../PJ.pdf', taken), 'PJ (4).pdf');
    assert.deepEqual([...taken], ['PJ.pdf', 'pj (2).pdf', 'PJ (3).pdf', 'PJ (4).pdf']);
  });

  test('bounds the length in UTF-8 bytes and keeps the extension', () => {
    const long = `${'é'.repeat(300)}.pdf`;
    const name = safeFileName(long, new Set());
    assert.ok(Buffer.byteLength(name, 'utf8') <= 150, `${Buffer.byteLength(name)} bytes`);
    assert.ok(name.endsWith('.pdf'));
    assert.ok(!name.includes('\uFFFD'));
    const taken = new Set([name]);
    const second = safeFileName(long, taken);
    assert.ok(second.endsWith(' (2).pdf') && Buffer.byteLength(second, 'utf8') <= 150);
  });

  test('never returns separators, "..", control characters or "~"', () => {
    const hostile = ['..\\..\\x', 'a/../../b', '~/.ssh/id_rsa', '\u0001\u001f', 'x/./y/.', '....//....//etc'];
    for (const input of hostile) {
      const name = safeFileName(input, new Set());
      assert.doesNotMatch(name, /[/\\~]|\.\./, `${JSON.stringify(input)} gave ${name}`);
      assert.ok(![...name].some((c) => c.charCodeAt(0) < 0x20), `${JSON.stringify(input)} gave a control character`);
      assert.notEqual(name, '');
    }
  });
});
