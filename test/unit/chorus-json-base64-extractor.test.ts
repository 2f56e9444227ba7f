import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonBase64Error, JsonBase64Extractor, type JsonScalar } from '../../src/chorus/json-base64-extractor.ts';

interface Outcome {
  bytes: Buffer;
  scalars: Map<string, JsonScalar>;
  order: string[];
  error?: unknown;
}

/** Feeds `input` cut at the given offsets, then ends it. */
function run(input: string | Buffer, cuts: number[] = [], field = 'fichierResultat'): Outcome {
  const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: Buffer[] = [];
  const order: string[] = [];
  const extractor = new JsonBase64Extractor({
    field,
    onBytes: (b) => out.push(Buffer.from(b)),
    onFieldStart: () => order.push('field-start'),
    onFieldEnd: () => order.push('field-end'),
    onScalar: (key) => order.push(key),
  });
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < data.length).sort((a, b) => a - b), data.length];
  try {
    for (let i = 0; i + 1 < bounds.length; i++) extractor.write(data.subarray(bounds[i], bounds[i + 1]));
    extractor.end();
  } catch (error) {
    return { bytes: Buffer.concat(out), scalars: new Map(extractor.scalars), order, error };
  }
  return { bytes: Buffer.concat(out), scalars: new Map(extractor.scalars), order };
}

function reasonOf(outcome: Outcome): string | undefined {
  return outcome.error instanceof JsonBase64Error ? outcome.error.reason : outcome.error ? 'other' : undefined;
}

/** Small deterministic PRNG so failures can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PAYLOAD = Buffer.from('<?xml version="1.0"?><CPPFacturePivot>é ü ✓ \u0000\u00ff</CPPFacturePivot>', 'utf8');

describe('JsonBase64Extractor', () => {
  test('decodes the field and reports the other scalars, in document order', () => {
    const json = JSON.stringify({
      codeRetour: 0,
      libelle: 'CODE PAR DEFAUT',
      fichierResultat: PAYLOAD.toString('base64'),
    });
    const out = run(json);
    assert.equal(out.error, undefined);
    assert.deepEqual(out.bytes, PAYLOAD);
    assert.equal(out.scalars.get('codeRetour'), 0);
    assert.equal(out.scalars.get('libelle'), 'CODE PAR DEFAUT');
    assert.deepEqual(out.order, ['codeRetour', 'libelle', 'field-start', 'field-end']);
  });

  test('gives the same result whatever the chunk boundaries (every single cut, and one byte at a time)', () => {
    // Escaped slashes, MIME-style escaped line breaks, spaces between tokens, escapes and UTF-8 in other strings,
    // nested values to skip, and the field before the status fields.
    const b64 = PAYLOAD.toString('base64');
    const wrapped = b64.replace(/(.{8})/g, '$1\\r\\n').replace(/\//g, '\\/');
    const json =
      ` {\r\n "fichierResultat" : "${wrapped}" ,\n\t"meta": {"a": [1, {"b": "x\\"}]"}], "c": null},` +
      ` "libelle": "Fichier g\\u00e9n\\u00e9r\\u00e9 — déjà \\"ok\\" \\\\ \\/", "codeRetour": 0, "ok": true, "n": -1.5e3 }  \n`;
    const whole = run(json);
    assert.equal(whole.error, undefined, String(whole.error));
    assert.deepEqual(whole.bytes, PAYLOAD);
    assert.equal(whole.scalars.get('libelle'), 'Fichier généré — déjà "ok" \\ /');
    assert.equal(whole.scalars.get('ok'), true);
    assert.equal(whole.scalars.get('n'), -1500);
    assert.equal(whole.scalars.has('meta'), false);
    const size = Buffer.byteLength(json);
    for (let cut = 1; cut < size; cut++) {
      const out = run(json, [cut]);
      assert.equal(out.error, undefined, `cut at ${cut}: ${String(out.error)}`);
      assert.deepEqual(out.bytes, PAYLOAD, `cut at ${cut}`);
      assert.deepEqual(out.scalars, whole.scalars, `cut at ${cut}`);
    }
    const everyByte = run(
      json,
      Array.from({ length: size }, (_, i) => i),
    );
    assert.deepEqual(everyByte.bytes, PAYLOAD);
    assert.deepEqual(everyByte.scalars, whole.scalars);
  });

  test('round-trips random payloads of every padding length with random cuts', () => {
    const random = prng(42);
    for (let length = 0; length < 200; length++) {
      const payload = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
      const json = `{"codeRetour":0,"fichierResultat":"${payload.toString('base64').replace(/\//g, '\\/')}"}`;
      const cuts = Array.from({ length: 5 }, () => Math.floor(random() * json.length));
      const out = run(json, cuts);
      assert.equal(out.error, undefined, `length ${length}: ${String(out.error)}`);
      assert.deepEqual(out.bytes, payload, `length ${length}`);
    }
  });

  test('decodes a large payload in bounded pieces', () => {
    const payload = Buffer.alloc(3 * 1024 * 1024 + 1, 7);
    const json = Buffer.from(`{"fichierResultat":"${payload.toString('base64')}","codeRetour":0}`);
    const pieces: number[] = [];
    const extractor = new JsonBase64Extractor({ field: 'fichierResultat', onBytes: (b) => pieces.push(b.length) });
    for (let i = 0; i < json.length; i += 65_536) extractor.write(json.subarray(i, i + 65_536));
    extractor.end();
    assert.equal(
      pieces.reduce((a, b) => a + b, 0),
      payload.length,
    );
    assert.ok(Math.max(...pieces) <= 100 * 1024, `largest piece ${Math.max(...pieces)}`);
    assert.ok(pieces.length > 10);
  });

  test('accepts \\u escapes of base64 characters and ignores whitespace inside the string', () => {
    const out = run('{"fichierResultat":"\\u0041\\u0042 C D\\n\\t"}');
    assert.equal(out.error, undefined);
    assert.deepEqual(out.bytes, Buffer.from('ABCD', 'base64'));
  });

  describe('invalid base64', () => {
    const cases: [string, string][] = [
      ['a bad character', '{"fichierResultat":"QUJD!EVG"}'],
      ['a URL-safe character', '{"fichierResultat":"QUJD_EVG"}'],
      ['misplaced padding', '{"fichierResultat":"Q===" }'],
      ['data after the padding', '{"fichierResultat":"QQ==QUJD"}'],
      ['an escaped quote', '{"fichierResultat":"QU\\"JD"}'],
      ['an escaped non-base64 character', '{"fichierResultat":"QUJ\\u0021"}'],
      ['a non-ASCII byte', '{"fichierResultat":"QUJé"}'],
    ];
    for (const [name, json] of cases) {
      test(name, () => {
        const out = run(json);
        assert.equal(reasonOf(out), 'invalid-base64', `${json}: ${String(out.error)}`);
      });
    }
  });

  describe('truncated answers', () => {
    const full = `{"codeRetour":0,"fichierResultat":"${PAYLOAD.toString('base64')}"}`;
    test('ending before the closing quote is truncated, at every cut inside the string', () => {
      const start = full.indexOf('"fichierResultat":"') + '"fichierResultat":"'.length;
      const end = full.lastIndexOf('"');
      for (let cut = start; cut < end; cut++) {
        const out = run(full.slice(0, cut));
        assert.equal(reasonOf(out), 'truncated', `cut at ${cut}`);
        assert.match(String((out.error as Error).message), /before its closing quote/);
      }
    });
    test('ending before the closing brace is truncated', () => {
      assert.equal(reasonOf(run(full.slice(0, -1))), 'truncated');
      assert.equal(reasonOf(run('{"codeRetour":0,"libelle":"abc')), 'truncated');
      assert.equal(reasonOf(run('{"codeRetour":0')), 'truncated');
    });
    test('a base64 length that is not a multiple of 4 is truncated (a cut-short file), at every length', () => {
      const b64 = PAYLOAD.toString('base64');
      for (let length = 1; length < 40; length++) {
        if (length % 4 === 0) continue;
        const out = run(`{"codeRetour":0,"fichierResultat":"${b64.slice(0, length)}"}`);
        assert.equal(reasonOf(out), 'truncated', `length ${length}`);
        assert.match(String((out.error as Error).message), /not a multiple of 4/);
      }
      assert.equal(reasonOf(run('{"fichierResultat":"QUI"}')), 'truncated', 'missing padding');
    });
    test('an empty answer is truncated', () => {
      assert.equal(reasonOf(run('')), 'truncated');
      assert.equal(reasonOf(run('  \n')), 'truncated');
    });
  });

  describe('invalid JSON', () => {
    const cases: [string, string][] = [
      ['an array', '[1,2]'],
      ['HTML', '<html><body>Bad gateway</body></html>'],
      ['trailing data', '{"codeRetour":0} x'],
      ['a missing colon', '{"codeRetour" 0}'],
      ['a trailing comma', '{"codeRetour":0,}'],
      ['a bad literal', '{"codeRetour":nul}'],
      ['a bad escape in a string', '{"libelle":"a\\qb"}'],
      ['the field twice', '{"fichierResultat":"QQ==","fichierResultat":"QQ=="}'],
    ];
    for (const [name, json] of cases) {
      test(name, () => assert.equal(reasonOf(run(json)), 'invalid-json', json));
    }
  });

  test('a non-string field value is reported as a scalar, not decoded', () => {
    const out = run('{"codeRetour":20001,"libelle":"GDP_MSG","fichierResultat":null}');
    assert.equal(out.error, undefined);
    assert.equal(out.bytes.length, 0);
    assert.equal(out.scalars.get('fichierResultat'), null);
    assert.equal(out.scalars.get('codeRetour'), 20001);
  });

  test('an error thrown by a callback stops the extraction and is rethrown as is', () => {
    const stop = new Error('stop');
    const extractor = new JsonBase64Extractor({
      field: 'fichierResultat',
      onBytes: () => {},
      onScalar: (key, value) => {
        if (key === 'codeRetour' && value !== 0) throw stop;
      },
    });
    assert.throws(
      () => extractor.write(Buffer.from('{"codeRetour":3,')),
      (e) => e === stop,
    );
    assert.throws(
      () => extractor.write(Buffer.from('"x":1}')),
      (e) => e === stop,
    );
    assert.throws(
      () => extractor.end(),
      (e) => e === stop,
    );
  });
});
