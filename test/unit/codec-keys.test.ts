import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  dataConverterFromEnv,
  EncryptionCodec,
  KEY_ID_METADATA_KEY,
  PayloadKeyConfigError,
  parsePayloadKeys,
  payloadCodecFromEnv,
} from '../../src/temporal/codec/index.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const a64 = keyA.toString('base64');
const b64 = keyB.toString('base64');

/** Asserts a PayloadKeyConfigError matching `pattern` whose message repeats none of the configured key material. */
function assertConfigError(env: Record<string, string>, pattern: RegExp): void {
  assert.throws(
    () => parsePayloadKeys(env),
    (err: unknown) => {
      assert.ok(err instanceof PayloadKeyConfigError, `expected a PayloadKeyConfigError, got ${String(err)}`);
      assert.match(err.message, pattern);
      for (const value of Object.values(env)) {
        for (const entry of value.split(',')) {
          const secret = entry.slice(entry.indexOf(':') + 1).trim();
          if (secret.length >= 8)
            assert.ok(!err.message.includes(secret), `message leaks key material: ${err.message}`);
        }
      }
      return true;
    },
  );
}

describe('payload keys from the environment', () => {
  test('encryption is off when CHORUS_PAYLOAD_KEYS is unset or blank', () => {
    assert.equal(parsePayloadKeys({}), undefined);
    assert.equal(parsePayloadKeys({ CHORUS_PAYLOAD_KEYS: '  ' }), undefined);
    assert.equal(payloadCodecFromEnv({}), undefined);
    assert.equal(dataConverterFromEnv({}), undefined);
  });

  test('parses id:base64 entries in order; the first is current by default', () => {
    const config = parsePayloadKeys({ CHORUS_PAYLOAD_KEYS: ` 2024-01:${a64} , 2025-06:${b64},` });
    assert.ok(config);
    assert.deepEqual([...config.keys.keys()], ['2024-01', '2025-06']);
    assert.deepEqual(Buffer.from(config.keys.get('2024-01') ?? []), keyA);
    assert.deepEqual(Buffer.from(config.keys.get('2025-06') ?? []), keyB);
    assert.equal(config.currentKeyId, '2024-01');
  });

  test('CHORUS_PAYLOAD_KEY_ID picks the key for new payloads', async () => {
    const env = { CHORUS_PAYLOAD_KEYS: `a:${a64},b:${b64}`, CHORUS_PAYLOAD_KEY_ID: 'b' };
    assert.equal(parsePayloadKeys(env)?.currentKeyId, 'b');
    const codec = payloadCodecFromEnv(env);
    assert.ok(codec instanceof EncryptionCodec);
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    assert.equal(Buffer.from(encrypted?.metadata?.[KEY_ID_METADATA_KEY] ?? []).toString(), 'b');
  });

  test('accepts URL-safe base64 and keys without padding', () => {
    const urlSafe = keyA.toString('base64url');
    const config = parsePayloadKeys({ CHORUS_PAYLOAD_KEYS: `a:${urlSafe}` });
    assert.deepEqual(Buffer.from(config?.keys.get('a') ?? []), keyA);
  });

  test('dataConverterFromEnv wraps the codec for Client and Worker options', async () => {
    const converter = dataConverterFromEnv({ CHORUS_PAYLOAD_KEYS: `a:${a64}` });
    assert.ok(converter?.payloadCodecs?.length === 1);
    const codec = converter.payloadCodecs[0];
    assert.ok(codec);
    const payload = defaultPayloadConverter.toPayload({ n: 1 });
    assert.deepEqual(defaultPayloadConverter.fromPayload((await codec.decode(await codec.encode([payload])))[0]!), {
      n: 1,
    });
  });

  test('malformed configuration fails with a message that says what to fix', () => {
    assertConfigError({ CHORUS_PAYLOAD_KEYS: a64 }, /entry 1 is not of the form id:base64key/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: `a:${a64},${b64}` }, /entry 2 is not of the form id:base64key/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: `:${a64}` }, /entry 1 has an invalid key id ""/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: `my key:${a64}` }, /invalid key id "my key"/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: 'a:not*base64!' }, /entry 1 \(key id "a"\) is not valid base64/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: 'a:' }, /entry 1 \(key id "a"\) is not valid base64/);
    assertConfigError(
      { CHORUS_PAYLOAD_KEYS: `a:${randomBytes(16).toString('base64')}` },
      /key id "a"\) decodes to 16 bytes; AES-256 needs exactly 32/,
    );
    assertConfigError(
      { CHORUS_PAYLOAD_KEYS: `a:${randomBytes(33).toString('base64')}` },
      /decodes to 33 bytes; AES-256 needs exactly 32/,
    );
    assertConfigError({ CHORUS_PAYLOAD_KEYS: `a:${a64},a:${b64}` }, /key id "a" more than once \(again at entry 2\)/);
    assertConfigError({ CHORUS_PAYLOAD_KEYS: ' , ,' }, /contains no id:base64key entry/);
    assertConfigError(
      { CHORUS_PAYLOAD_KEYS: `a:${a64},b:${b64}`, CHORUS_PAYLOAD_KEY_ID: 'c' },
      /CHORUS_PAYLOAD_KEY_ID is "c", but CHORUS_PAYLOAD_KEYS has no key with that id \(it has: a, b\)/,
    );
    assertConfigError(
      { CHORUS_PAYLOAD_KEY_ID: 'a' },
      /CHORUS_PAYLOAD_KEY_ID is set to "a" but CHORUS_PAYLOAD_KEYS is empty/,
    );
  });

  test('payloadCodecFromEnv and dataConverterFromEnv surface the same configuration errors', () => {
    assert.throws(() => payloadCodecFromEnv({ CHORUS_PAYLOAD_KEYS: 'a:short' }), PayloadKeyConfigError);
    assert.throws(() => dataConverterFromEnv({ CHORUS_PAYLOAD_KEYS: 'a:short' }), PayloadKeyConfigError);
  });
});
