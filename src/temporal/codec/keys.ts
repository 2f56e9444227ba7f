import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, isValidKeyId, KEY_BYTES } from './encryption-codec.ts';

export const PAYLOAD_KEYS_ENV = 'CHORUS_PAYLOAD_KEYS';
export const PAYLOAD_KEY_ID_ENV = 'CHORUS_PAYLOAD_KEY_ID';

export type Env = Readonly<Record<string, string | undefined>>;

/** The encryption settings are wrong. Messages locate the entry by position and id and never repeat key material. */
export class PayloadKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyConfigError';
  }
}

export interface PayloadKeyConfig {
  /** In the order configured. */
  keys: Map<string, Uint8Array>;
  currentKeyId: string;
}

// Standard or URL-safe alphabet, padding optional: what `openssl rand -base64 32` and most secret stores produce.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOW_TO_GENERATE = 'generate one with `openssl rand -base64 32`';

function parseEntry(entry: string, position: number): [string, Uint8Array] {
  const colon = entry.indexOf(':');
  if (colon < 0) {
    throw new PayloadKeyConfigError(
      `${PAYLOAD_KEYS_ENV} entry ${position} is not of the form id:base64key (entries are separated by commas).`,
    );
  }
  const id = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (!isValidKeyId(id)) {
    throw new PayloadKeyConfigError(
      `${PAYLOAD_KEYS_ENV} entry ${position} has an invalid key id ${JSON.stringify(id)}: ` +
        'use 1-64 characters among A-Z a-z 0-9 . _ - (starting with a letter or digit).',
    );
  }
  if (!BASE64.test(encoded)) {
    throw new PayloadKeyConfigError(
      `${PAYLOAD_KEYS_ENV} entry ${position} (key id ${JSON.stringify(id)}) is not valid base64; ${HOW_TO_GENERATE}.`,
    );
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new PayloadKeyConfigError(
      `${PAYLOAD_KEYS_ENV} entry ${position} (key id ${JSON.stringify(id)}) decodes to ${key.length} bytes; ` +
        `AES-256 needs exactly ${KEY_BYTES}: ${HOW_TO_GENERATE}.`,
    );
  }
  return [id, new Uint8Array(key)];
}

/**
 * Reads `CHORUS_PAYLOAD_KEYS` (`id:base64key,id:base64key`, 32-byte keys) and `CHORUS_PAYLOAD_KEY_ID` (the id new
 * payloads are encrypted with; the first entry when unset). Returns undefined when encryption is not configured.
 */
export function parsePayloadKeys(env: Env = process.env): PayloadKeyConfig | undefined {
  const rawKeys = env[PAYLOAD_KEYS_ENV]?.trim();
  const rawCurrent = env[PAYLOAD_KEY_ID_ENV]?.trim();
  if (!rawKeys) {
    // Asking for a key id without keys means encryption was meant to be on: running in clear would be the wrong fix.
    if (rawCurrent) {
      throw new PayloadKeyConfigError(
        `${PAYLOAD_KEY_ID_ENV} is set to ${JSON.stringify(rawCurrent)} but ${PAYLOAD_KEYS_ENV} is empty: ` +
          `set ${PAYLOAD_KEYS_ENV}=${rawCurrent}:<base64 key> (${HOW_TO_GENERATE}), or unset ${PAYLOAD_KEY_ID_ENV}.`,
      );
    }
    return undefined;
  }

  const keys = new Map<string, Uint8Array>();
  // Empty pieces (a trailing comma, a line break in a multi-line secret) are tolerated; positions count them anyway
  // so that "entry N" matches what the operator sees.
  rawKeys.split(',').forEach((entry, index) => {
    if (!entry.trim()) return;
    const [id, key] = parseEntry(entry, index + 1);
    if (keys.has(id)) {
      throw new PayloadKeyConfigError(
        `${PAYLOAD_KEYS_ENV} lists key id ${JSON.stringify(id)} more than once (again at entry ${index + 1}); ` +
          'each id must name one key, or payloads written with it could not be told apart.',
      );
    }
    keys.set(id, key);
  });
  const first = keys.keys().next();
  if (first.done) {
    throw new PayloadKeyConfigError(`${PAYLOAD_KEYS_ENV} contains no id:base64key entry.`);
  }

  const currentKeyId = rawCurrent || first.value;
  if (!keys.has(currentKeyId)) {
    throw new PayloadKeyConfigError(
      `${PAYLOAD_KEY_ID_ENV} is ${JSON.stringify(currentKeyId)}, but ${PAYLOAD_KEYS_ENV} has no key with that id ` +
        `(it has: ${[...keys.keys()].join(', ')}). Add ${currentKeyId}:<base64 key> to ${PAYLOAD_KEYS_ENV}, ` +
        `or set ${PAYLOAD_KEY_ID_ENV} to one of the listed ids.`,
    );
  }
  return { keys, currentKeyId };
}

/** The AES-256-GCM payload codec configured by the environment, or undefined when encryption is off. */
export function payloadCodecFromEnv(env: Env = process.env): EncryptionCodec | undefined {
  const config = parsePayloadKeys(env);
  return config && new EncryptionCodec(config.keys, config.currentKeyId);
}

/**
 * `dataConverter` for `new Client({...})` and `Worker.create({...})`, or undefined when encryption is off (then leave
 * the option out). Every client and worker of a namespace must use the same keys.
 */
export function dataConverterFromEnv(env: Env = process.env): DataConverter | undefined {
  const codec = payloadCodecFromEnv(env);
  return codec && { payloadCodecs: [codec] };
}
