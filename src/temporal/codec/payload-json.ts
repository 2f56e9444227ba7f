import type { Payload } from '@temporalio/common';

/** A `temporal.api.common.v1.Payload` in proto-JSON: bytes fields are base64 strings. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** The codec-server request and response body (`temporal.api.common.v1.Payloads` in proto-JSON). */
export interface JsonPayloads {
  payloads: JsonPayload[];
}

/** The request body is not a proto-JSON Payloads message. */
export class PayloadJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadJsonError';
  }
}

// Proto-JSON readers must accept both alphabets, with or without padding. Buffer decodes both but silently skips
// other characters, so the shape is checked first.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bytesFromBase64(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new PayloadJsonError(`${where} must be a base64 string`);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function payloadFromJson(value: unknown, index: number): Payload {
  const where = `payloads[${index}]`;
  if (!isObject(value)) throw new PayloadJsonError(`${where} must be an object`);
  const metadata: Record<string, Uint8Array> = {};
  if (value.metadata !== undefined && value.metadata !== null) {
    if (!isObject(value.metadata)) throw new PayloadJsonError(`${where}.metadata must be an object`);
    for (const [key, encoded] of Object.entries(value.metadata)) {
      metadata[key] = bytesFromBase64(encoded, `${where}.metadata.${key}`);
    }
  }
  const data =
    value.data === undefined || value.data === null ? new Uint8Array() : bytesFromBase64(value.data, `${where}.data`);
  return { metadata, data };
}

/** Parses a codec-server request body; throws PayloadJsonError on anything that is not proto-JSON Payloads. */
export function payloadsFromJson(body: unknown): Payload[] {
  if (!isObject(body)) throw new PayloadJsonError('the body must be a JSON object {"payloads": [...]}');
  // proto-JSON omits empty repeated fields, so a missing list is an empty one.
  if (body.payloads === undefined || body.payloads === null) return [];
  if (!Array.isArray(body.payloads)) throw new PayloadJsonError('"payloads" must be an array');
  return body.payloads.map(payloadFromJson);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function payloadsToJson(payloads: readonly Payload[]): JsonPayloads {
  return {
    payloads: payloads.map(({ metadata, data }) => {
      const json: JsonPayload = {
        metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, toBase64(value)])),
      };
      // proto-JSON leaves out empty bytes fields.
      if (data && data.length > 0) json.data = toBase64(data);
      return json;
    }),
  };
}
