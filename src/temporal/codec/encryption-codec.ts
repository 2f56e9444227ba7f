import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: its namespaces are only reachable through the default export under ESM.
import proto from '@temporalio/proto';

const PayloadProto = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';
export const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Ids travel in payload metadata and in error messages; keeping them short and plain keeps both readable.
const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Where operators configure keys; named in every error so the fix is obvious. */
const KEYS_SETTING = 'CHORUS_PAYLOAD_KEYS';

export function isValidKeyId(id: string): boolean {
  return KEY_ID_PATTERN.test(id);
}

/** A payload could not be decrypted. The message names the key id and the setting to fix, never key material. */
export class PayloadDecryptionError extends Error {
  constructor(
    readonly keyId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function metadataString(payload: Payload, key: string): string | undefined {
  const raw = payload.metadata?.[key];
  return raw ? fromUtf8.decode(raw) : undefined;
}

/** Payload ids may come from anywhere (a tampered history, a codec-server request): quote them, bounded. */
function quoteKeyId(id: string): string {
  return JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
}

/**
 * AES-256-GCM over the whole serialized Payload proto, so the inner metadata (encoding, message type) is hidden too.
 * Wire layout of `data`: 12-byte IV, ciphertext, 16-byte tag (what WebCrypto's AES-GCM produces after the IV, so other
 * Temporal codecs of the same shape can read it). New payloads use `currentKeyId`; decoding picks the key named in
 * each payload, which is what lets old histories outlive a key rotation.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly currentKeyId: string;
  // Private and held as KeyObjects so that logging the codec cannot print key bytes.
  readonly #keys: Map<string, KeyObject>;

  constructor(keys: Iterable<readonly [string, Uint8Array]>, currentKeyId: string) {
    this.#keys = new Map();
    for (const [id, key] of keys) {
      if (!isValidKeyId(id)) {
        throw new Error(`Invalid payload key id ${quoteKeyId(id)}: use 1-64 characters among A-Z a-z 0-9 . _ -`);
      }
      if (this.#keys.has(id)) throw new Error(`Duplicate payload key id ${quoteKeyId(id)}`);
      if (key.length !== KEY_BYTES) {
        throw new Error(`Payload key ${quoteKeyId(id)} is ${key.length} bytes long; AES-256 needs ${KEY_BYTES}`);
      }
      this.#keys.set(id, createSecretKey(key));
    }
    if (!this.#keys.has(currentKeyId)) {
      throw new Error(
        `The current payload key id ${quoteKeyId(currentKeyId)} is not among the keys (${this.keyIds.join(', ') || 'none'})`,
      );
    }
    this.currentKeyId = currentKeyId;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return settle(() => payloads.map((payload) => this.#encrypt(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return settle(() => payloads.map((payload) => this.#decrypt(payload)));
  }

  #encrypt(payload: Payload): Payload {
    const key = this.#keys.get(this.currentKeyId);
    if (!key) throw new Error('unreachable: the current key is checked in the constructor');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    const plain = PayloadProto.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA_KEY]: utf8.encode(this.currentKeyId),
      },
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  }

  #decrypt(payload: Payload): Payload {
    if (metadataString(payload, METADATA_ENCODING_KEY) !== ENCRYPTED_ENCODING) return payload;
    const keyId = metadataString(payload, KEY_ID_METADATA_KEY);
    if (keyId === undefined) {
      throw new PayloadDecryptionError(
        undefined,
        `Cannot decrypt a Temporal payload: it is marked ${ENCRYPTED_ENCODING} but carries no ${KEY_ID_METADATA_KEY}, ` +
          'so it was not written by this codec.',
      );
    }
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        keyId,
        `Cannot decrypt a Temporal payload encrypted with key id ${quoteKeyId(keyId)}: no key with that id is ` +
          `configured (configured: ${this.keyIds.join(', ')}). Add the entry ${keyId}:<base64 key> to ${KEYS_SETTING}; ` +
          'retired keys must stay there as long as histories written with them are kept.',
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(
        keyId,
        `Cannot decrypt a Temporal payload encrypted with key id ${quoteKeyId(keyId)}: it is ${data.length} bytes ` +
          `long, shorter than an IV and a tag, so it was truncated or altered.`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        keyId,
        `Cannot decrypt a Temporal payload encrypted with key id ${quoteKeyId(keyId)}: its authentication tag does ` +
          `not verify. Either ${KEYS_SETTING} maps ${quoteKeyId(keyId)} to a different key than the one that ` +
          'encrypted it (configure the original key under that id), or the payload was altered.',
      );
    }
    return PayloadProto.decode(plain);
  }
}

/** Runs synchronous work so that a throw becomes a rejected promise, as callers of a PayloadCodec expect. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
