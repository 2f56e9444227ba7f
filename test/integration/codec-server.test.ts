import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  EncryptionCodec,
  type JsonPayloads,
  payloadsFromJson,
  payloadsToJson,
  type RunningCodecServer,
  startCodecServer,
} from '../../src/temporal/codec/index.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const TOKEN = 'test-token-7f3a';
const UI_ORIGIN = 'http://localhost:8233';
const SECRET = 'Mairie de Trifouillis, SIRET 21750001600019';

const codec = new EncryptionCodec(
  [
    ['a', keyA],
    ['b', keyB],
  ],
  'b',
);

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('codec server over HTTP', () => {
  let server: RunningCodecServer;
  let open: RunningCodecServer;

  before(async () => {
    server = await startCodecServer({ codec, port: 0, token: TOKEN, corsOrigins: [UI_ORIGIN], log: () => {} });
    open = await startCodecServer({ codec, port: 0, log: () => {} });
  });
  after(async () => {
    await server?.close();
    await open?.close();
  });

  test('listens on 127.0.0.1 by default', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(server.url, open.url);
  });

  test('encode then decode round-trips proto-JSON payloads', async () => {
    const plain = payloadsToJson([defaultPayloadConverter.toPayload({ buyer: SECRET })]);
    const encodedResponse = await post(`${server.url}/encode`, plain, auth);
    assert.equal(encodedResponse.status, 200);
    assert.match(encodedResponse.headers.get('content-type') ?? '', /application\/json/);
    const encoded = (await encodedResponse.json()) as JsonPayloads;
    assert.equal(encoded.payloads.length, 1);
    assert.equal(Buffer.from(encoded.payloads[0]?.metadata?.encoding ?? '', 'base64').toString(), 'binary/encrypted');
    assert.equal(Buffer.from(encoded.payloads[0]?.metadata?.['encryption-key-id'] ?? '', 'base64').toString(), 'b');
    assert.ok(!Buffer.from(encoded.payloads[0]?.data ?? '', 'base64').includes(SECRET));

    const decodedResponse = await post(`${server.url}/decode`, encoded, auth);
    assert.equal(decodedResponse.status, 200);
    const decoded = payloadsFromJson(await decodedResponse.json());
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded[0]!), { buyer: SECRET });
  });

  test('decode passes unencrypted payloads through and handles an empty list', async () => {
    const plain = payloadsToJson([defaultPayloadConverter.toPayload('hello'), defaultPayloadConverter.toPayload(null)]);
    const response = await post(`${open.url}/decode`, plain);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), plain);
    const empty = await post(`${open.url}/decode`, { payloads: [] });
    assert.deepEqual(await empty.json(), { payloads: [] });
  });

  test('routes on the last path segment, so the server can sit under a prefix', async () => {
    const encoded = payloadsToJson(await codec.encode([defaultPayloadConverter.toPayload(SECRET)]));
    for (const path of ['/default/decode', '//decode', '/decode/']) {
      const response = await post(`${open.url}${path}`, encoded);
      assert.equal(response.status, 200, path);
      const [payload] = payloadsFromJson(await response.json());
      assert.equal(defaultPayloadConverter.fromPayload(payload!), SECRET);
    }
    assert.equal((await post(`${open.url}/decoder`, encoded)).status, 404);
    assert.equal((await fetch(`${open.url}/decode`)).status, 405);
  });

  test('without the right bearer token: 401 and nothing decoded', async () => {
    const encoded = payloadsToJson(await codec.encode([defaultPayloadConverter.toPayload(SECRET)]));
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: TOKEN },
      { authorization: 'Basic x' },
    ];
    for (const headers of attempts) {
      const response = await post(`${server.url}/decode`, encoded, headers);
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="codec"');
      assert.ok(!(await response.text()).includes(SECRET));
    }
    // The scheme is case-insensitive (RFC 9110), the token is not.
    assert.equal((await post(`${server.url}/decode`, encoded, { authorization: `bearer ${TOKEN}` })).status, 200);
    assert.equal(
      (await post(`${server.url}/decode`, encoded, { authorization: `Bearer ${TOKEN.toUpperCase()}` })).status,
      401,
    );
  });

  test('answers the Web UI preflight without a token and sets CORS headers on responses', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,x-namespace,authorization');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');

    const response = await post(
      `${server.url}/decode`,
      { payloads: [] },
      { ...auth, origin: UI_ORIGIN, 'x-namespace': 'default' },
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), UI_ORIGIN);
    // A 401 carries CORS headers too, so the UI can tell "unauthorised" from "unreachable".
    const denied = await post(`${server.url}/decode`, { payloads: [] }, { origin: UI_ORIGIN });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('access-control-allow-origin'), UI_ORIGIN);
  });

  test('refuses other origins', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const response = await post(`${server.url}/decode`, { payloads: [] }, { ...auth, origin: 'http://evil.example' });
    assert.equal(response.status, 403);
  });

  test('malformed requests get 400 with a reason', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /JSON/],
      [[1, 2], /must be a JSON object/],
      [{ payloads: 'x' }, /"payloads" must be an array/],
      [{ payloads: [{ data: 'not base64!' }] }, /payloads\[0\]\.data must be a base64 string/],
      [{ payloads: [{ metadata: { encoding: 42 } }] }, /payloads\[0\]\.metadata\.encoding must be a base64 string/],
    ];
    for (const [body, reason] of cases) {
      const response = await post(`${open.url}/decode`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
      assert.match(await response.text(), reason);
    }
  });

  test('an unknown key id is a 400 naming the id and the setting, never a key', async () => {
    const onlyC = new EncryptionCodec([['c', randomBytes(32)]], 'c');
    const encoded = payloadsToJson(await onlyC.encode([defaultPayloadConverter.toPayload(SECRET)]));
    const response = await post(`${open.url}/decode`, encoded);
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.match(text, /key id "c".*CHORUS_PAYLOAD_KEYS/s);
    assert.ok(!text.includes(keyA.toString('base64')) && !text.includes(keyB.toString('base64')));
  });

  test('bodies over the limit get 413', async () => {
    const small = await startCodecServer({ codec, port: 0, maxBodyBytes: 1024, log: () => {} });
    try {
      const response = await post(`${small.url}/decode`, { payloads: [{ data: 'A'.repeat(2048) }] });
      assert.equal(response.status, 413);
    } finally {
      await small.close();
    }
  });
});
