import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA_KEY,
  PayloadDecryptionError,
} from '../../src/temporal/codec/index.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const SECRET = 'Boulangerie Dupont, IBAN FR76 3000 6000 0112 3456 7890 189';
const invoice = { invoiceNumber: 'F-2024-0042', supplier: SECRET, amount: '1234.56' };

function toPayload(value: unknown): Payload {
  const payload = defaultPayloadConverter.toPayload(value);
  assert.ok(payload);
  return payload;
}

function text(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
}

function metadataText(payload: Payload, key: string): string | undefined {
  const raw = payload.metadata?.[key];
  return raw ? text(raw) : undefined;
}

/** Flips one bit of a copy of the payload's data at `index` (negative counts from the end). */
function flipBit(payload: Payload, index: number): Payload {
  const data = Uint8Array.from(payload.data ?? []);
  const at = index < 0 ? data.length + index : index;
  data[at] = (data[at] ?? 0) ^ 0x01;
  return { ...payload, data };
}

describe('EncryptionCodec', () => {
  test('round-trips payloads, including their inner metadata', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const originals = [
      toPayload(invoice),
      toPayload('plain string'),
      toPayload(undefined),
      toPayload(new Uint8Array([1, 2, 3])),
    ];
    const decoded = await codec.decode(await codec.encode(originals));
    assert.equal(decoded.length, originals.length);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded[0]!), invoice);
    assert.equal(defaultPayloadConverter.fromPayload(decoded[1]!), 'plain string');
    assert.equal(defaultPayloadConverter.fromPayload(decoded[2]!), undefined);
    assert.deepEqual([...defaultPayloadConverter.fromPayload<Uint8Array>(decoded[3]!)], [1, 2, 3]);
    assert.equal(metadataText(decoded[0]!, 'encoding'), 'json/plain');
  });

  test('hides the plaintext and the inner encoding; only the outer markers are readable', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const plain = toPayload(invoice);
    assert.ok(text(plain.data).includes(SECRET), 'sanity: the plain payload carries the secret');
    const [encrypted] = await codec.encode([plain]);
    assert.ok(encrypted);
    assert.deepEqual(Object.keys(encrypted.metadata ?? {}).sort(), ['encoding', KEY_ID_METADATA_KEY]);
    assert.equal(metadataText(encrypted, 'encoding'), ENCRYPTED_ENCODING);
    assert.equal(metadataText(encrypted, KEY_ID_METADATA_KEY), 'a');
    const bytes = Buffer.from(encrypted.data ?? []);
    assert.ok(!bytes.includes(SECRET), 'ciphertext contains the plaintext');
    assert.ok(!bytes.includes('F-2024-0042'));
    assert.ok(!bytes.includes('json/plain'), 'the inner metadata must be encrypted as well');
    // IV (12) + serialized payload + tag (16)
    assert.ok(bytes.length >= 28 + text(plain.data).length);
  });

  test('uses a fresh IV per payload: the same input never encrypts the same way twice', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const [first, second] = await codec.encode([toPayload(invoice), toPayload(invoice)]);
    assert.ok(first && second);
    assert.notDeepEqual(Buffer.from(first.data ?? []), Buffer.from(second.data ?? []));
    assert.notDeepEqual(Buffer.from(first.data ?? []).subarray(0, 12), Buffer.from(second.data ?? []).subarray(0, 12));
  });

  test('passes through payloads that are not encrypted, untouched', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const plain = toPayload(invoice);
    const noMetadata: Payload = { data: new Uint8Array([7]) };
    const decoded = await codec.decode([plain, noMetadata]);
    assert.equal(decoded[0], plain);
    assert.equal(decoded[1], noMetadata);
  });

  test('rotation: new payloads use the current key, old ones keep decoding until their key is dropped', async () => {
    const onlyA = new EncryptionCodec([['a', keyA]], 'a');
    const [underA] = await onlyA.encode([toPayload(invoice)]);
    assert.ok(underA);

    const rotated = new EncryptionCodec(
      [
        ['a', keyA],
        ['b', keyB],
      ],
      'b',
    );
    const [underB] = await rotated.encode([toPayload(invoice)]);
    assert.ok(underB);
    assert.equal(metadataText(underB, KEY_ID_METADATA_KEY), 'b');
    const both = await rotated.decode([underA, underB]);
    assert.deepEqual(
      both.map((p) => defaultPayloadConverter.fromPayload(p)),
      [invoice, invoice],
    );

    const withoutA = new EncryptionCodec([['b', keyB]], 'b');
    assert.deepEqual(defaultPayloadConverter.fromPayload((await withoutA.decode([underB]))[0]!), invoice);
    await assert.rejects(withoutA.decode([underA]), (err: unknown) => {
      assert.ok(err instanceof PayloadDecryptionError);
      assert.equal(err.keyId, 'a');
      assert.match(err.message, /key id "a"/);
      assert.match(err.message, /CHORUS_PAYLOAD_KEYS/);
      assert.ok(!err.message.includes(keyA.toString('base64')) && !err.message.includes(keyB.toString('base64')));
      return true;
    });
  });

  test('a key id mapped to the wrong key fails on the tag, naming the id and the setting', async () => {
    const [encrypted] = await new EncryptionCodec([['a', keyA]], 'a').encode([toPayload(invoice)]);
    assert.ok(encrypted);
    const wrongKey = new EncryptionCodec([['a', keyB]], 'a');
    await assert.rejects(wrongKey.decode([encrypted]), (err: unknown) => {
      assert.ok(err instanceof PayloadDecryptionError);
      assert.match(err.message, /key id "a".*authentication tag does not verify/);
      assert.match(err.message, /CHORUS_PAYLOAD_KEYS/);
      assert.ok(!err.message.includes(keyB.toString('base64')));
      return true;
    });
  });

  test('tampered ciphertext, IV, tag or truncated data fail instead of decoding to garbage', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const [encrypted] = await codec.encode([toPayload(invoice)]);
    assert.ok(encrypted);
    const tampered = [
      flipBit(encrypted, 0), // IV
      flipBit(encrypted, 20), // ciphertext
      flipBit(encrypted, -1), // tag
      { ...encrypted, data: (encrypted.data ?? new Uint8Array()).subarray(0, 27) },
      { ...encrypted, data: (encrypted.data ?? new Uint8Array()).subarray(0, 40) },
    ];
    for (const payload of tampered) {
      await assert.rejects(codec.decode([payload]), PayloadDecryptionError);
    }
    // The untouched original still decodes, so the failures above are caused by the tampering.
    assert.deepEqual(defaultPayloadConverter.fromPayload((await codec.decode([encrypted]))[0]!), invoice);
  });

  test('an encrypted payload without a key id is refused', async () => {
    const codec = new EncryptionCodec([['a', keyA]], 'a');
    const [encrypted] = await codec.encode([toPayload(invoice)]);
    assert.ok(encrypted?.metadata);
    const { [KEY_ID_METADATA_KEY]: _dropped, ...rest } = encrypted.metadata;
    await assert.rejects(codec.decode([{ ...encrypted, metadata: rest }]), /carries no encryption-key-id/);
  });

  test('rejects bad key material at construction', () => {
    assert.throws(() => new EncryptionCodec([['a', randomBytes(16)]], 'a'), /"a" is 16 bytes long; AES-256 needs 32/);
    assert.throws(
      () => new EncryptionCodec([['a', keyA]], 'b'),
      /current payload key id "b" is not among the keys \(a\)/,
    );
    assert.throws(
      () =>
        new EncryptionCodec(
          [
            ['a', keyA],
            ['a', keyB],
          ],
          'a',
        ),
      /Duplicate payload key id "a"/,
    );
    assert.throws(() => new EncryptionCodec([['bad id', keyA]], 'bad id'), /Invalid payload key id/);
  });

  test('logging the codec does not reveal key bytes', () => {
    // Compared without whitespace: inspect prints bytes as "<Buffer db 12 …>" or one decimal per line.
    const hexPrefix = keyA.subarray(0, 6).toString('hex');
    const decimalPrefix = [...keyA.subarray(0, 6)].join(',');
    const leaks = (value: unknown) => {
      const shown = inspect(value, { depth: 10, showHidden: true }).replace(/\s+/g, '');
      return shown.includes(hexPrefix) || shown.includes(decimalPrefix) || shown.includes(keyA.toString('base64'));
    };
    // Sanity: the check does catch keys kept as plain bytes.
    assert.ok(leaks({ keys: new Map([['a', keyA]]) }) && leaks({ key: new Uint8Array(keyA) }));
    assert.ok(!leaks(new EncryptionCodec([['a', keyA]], 'a')));
  });
});
