// The codec server for people: lets the Temporal Web UI and CLI show decrypted payloads. Needs the same
// CHORUS_PAYLOAD_KEYS as the workers. Usage: tsx src/temporal/codec/codec-server-main.ts [--port 8888] [--host 127.0.0.1]
import { parseArgs } from 'node:util';
import {
  DEFAULT_CODEC_SERVER_HOST,
  DEFAULT_CODEC_SERVER_PORT,
  DEFAULT_CORS_ORIGINS,
  startCodecServer,
} from './codec-server.ts';
import { PAYLOAD_KEYS_ENV, payloadCodecFromEnv } from './keys.ts';

const CODEC_TOKEN_ENV = 'CHORUS_CODEC_TOKEN';
const CODEC_CORS_ORIGINS_ENV = 'CHORUS_CODEC_CORS_ORIGINS';

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CODEC_SERVER_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${text}`);
  return port;
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' } },
  });
  const codec = payloadCodecFromEnv();
  if (!codec) {
    throw new Error(
      `Payload encryption is not configured, so there is nothing to decode: set ${PAYLOAD_KEYS_ENV}=id:base64key ` +
        '(the same value as the workers).',
    );
  }
  const token = process.env[CODEC_TOKEN_ENV] || undefined;
  const corsOrigins =
    process.env[CODEC_CORS_ORIGINS_ENV]?.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean) ?? DEFAULT_CORS_ORIGINS;
  const host = values.host ?? DEFAULT_CODEC_SERVER_HOST;

  const server = await startCodecServer({ codec, port: parsePort(values.port), host, corsOrigins, token });
  const { url } = server;
  console.log(
    `Codec server on ${url} (new payloads use key id ${codec.currentKeyId}; decodes ${codec.keyIds.join(', ')})`,
  );
  console.log(`Web UI: start the dev server with  temporal server start-dev --ui-codec-endpoint ${url}`);
  console.log(`        or set "Remote Codec Endpoint" to ${url} under "Configure data encoder" in the UI.`);
  console.log(`        Allowed UI origins (${CODEC_CORS_ORIGINS_ENV}): ${corsOrigins.join(', ')}`);
  const auth = token ? ` --codec-auth "Bearer $${CODEC_TOKEN_ENV}"` : '';
  console.log(`CLI:    temporal workflow show --workflow-id <id> --codec-endpoint ${url}${auth}`);
  if (token) {
    console.log(
      `${CODEC_TOKEN_ENV} is set: requests without it get 401. The Web UI cannot send a fixed token (it only forwards ` +
        'its own login token, to https endpoints), so the UI shows payloads encrypted unless a proxy adds the header.',
    );
  } else if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.log(
      `Warning: listening on ${host} without ${CODEC_TOKEN_ENV}: anyone who can reach it can decrypt payloads.`,
    );
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
