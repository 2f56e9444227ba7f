import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChorusClient, type ChorusError } from '../../src/chorus/index.ts';
import { chorusFailure, listen } from '../helpers/http-stub.ts';

type Reply = (res: ServerResponse, body: unknown, attempt: number) => void | Promise<void>;

/** A local server: the token endpoint always succeeds, downloads are answered by `reply`. */
async function stub(reply: Reply) {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: `tok-${Date.now()}-${Math.random()}`, expires_in: 3600 }));
      }
      assert.equal(req.url, '/cpro/factures/v1/telecharger/groupe');
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      void reply(res, bodies.at(-1), bodies.length);
    });
  });
  const { url, close } = await listen(server);
  return { url, bodies, close };
}

/** Writes `text` in small chunks so that the client sees many boundaries. */
async function writeInChunks(res: ServerResponse, text: string, size = 7, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' });
  for (let i = 0; i < text.length; i += size) {
    if (!res.write(text.slice(i, i + size))) await drained(res);
  }
  res.end();
}

const CREDS = { clientId: 'cid', clientSecret: 'csecret', login: 'TECH_login', password: 'pwd-1234' };
const client = (url: string) =>
  new ChorusClient({ environment: { apiBaseUrl: url, tokenUrl: `${url}/token` }, credentials: CREDS });
const PIVOT = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<CPPFacturePivot><CPPFactures Compteur="1"/></CPPFacturePivot>\n' +
    randomBytes(3000).toString('latin1'),
  'latin1',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const answerFor = (payload: Buffer) =>
  `{"codeRetour":0,"libelle":"CODE PAR DEFAUT","fichierResultat":"${payload.toString('base64').replace(/\//g, '\\/')}"}`;

/** Serves one ~150 MB answer (2400 blocks of 48 KiB, base64 with escaped slashes) and prints its port and digest. */
const BIG_ANSWER_SERVER = `
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
const block = randomBytes(48 * 1024);
const encoded = block.toString('base64').replace(/\\//g, '\\\\/');
const blocks = 2400;
const hash = createHash('sha256');
for (let i = 0; i < blocks; i++) hash.update(block);
const sha256 = hash.digest('hex');
const wait = (res) => new Promise((resolve) => {
  const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
  res.on('drain', done); res.on('close', done);
});
const server = createServer(async (req, res) => {
  req.resume();
  await new Promise((resolve) => req.on('end', resolve));
  res.writeHead(200, { 'content-type': 'application/json' });
  if (req.url === '/token') return res.end(JSON.stringify({ access_token: 't', expires_in: 3600 }));
  res.write('{"codeRetour":0,"libelle":"CODE PAR DEFAUT","fichierResultat":"');
  for (let i = 0; i < blocks && !res.destroyed; i++) if (!res.write(encoded)) await wait(res);
  res.end('"}');
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, bytes: block.length * blocks, sha256 })));
`;

/** Resolves when `res` can take more data or is gone (without piling up listeners). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorus-download-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs a download that must fail, through a part file and (`fresh`) straight to its destination, and checks that
 * neither way leaves the file or its part file behind, and that both fail alike.
 */
async function failedDownload(reply: Reply, maxBytes?: number): Promise<ChorusError> {
  const server = await stub(reply);
  try {
    const errors: ChorusError[] = [];
    for (const fresh of [false, true]) {
      const file = join(dir, `failed-${Math.random().toString(36).slice(2)}.xml`);
      errors.push(
        await chorusFailure(client(server.url).downloadPivot(7, file, { ...(maxBytes && { maxBytes }), fresh })),
      );
      assert.equal(existsSync(file), false, 'no destination file');
      assert.equal(existsSync(`${file}.part`), false, 'no part file');
    }
    assert.equal(errors[1]?.message, errors[0]?.message);
    return errors[0]!;
  } finally {
    await server.close();
  }
}

describe('downloadPivot', () => {
  test('streams one or several invoices to the file, with size and sha256', async () => {
    const server = await stub((res) => writeInChunks(res, answerFor(PIVOT)));
    try {
      const file = join(dir, 'nested', 'one.xml');
      const result = await client(server.url).downloadPivot(42, file);
      assert.deepEqual(result, { bytes: PIVOT.length, sha256: sha256(PIVOT) });
      assert.deepEqual(await readFile(file), PIVOT);
      assert.deepEqual(server.bodies[0], { format: 'PIVOT', listeFacture: [{ idFacture: 42 }] });
      await client(server.url).downloadPivot([1, 2, 3], join(dir, 'many.xml'));
      assert.deepEqual(server.bodies[1], {
        format: 'PIVOT',
        listeFacture: [{ idFacture: 1 }, { idFacture: 2 }, { idFacture: 3 }],
      });
      assert.deepEqual(
        (await readdir(join(dir, 'nested'))).filter((f) => f.endsWith('.part')),
        [],
      );
      const fresh = join(dir, 'nested', 'fresh.xml');
      assert.deepEqual(await client(server.url).downloadPivot(42, fresh, { fresh: true }), result);
      assert.deepEqual(await readFile(fresh), PIVOT);
    } finally {
      await server.close();
    }
  });

  test('a 401 is retried once with a fresh token', async () => {
    const server = await stub((res, _body, attempt) => {
      if (attempt === 1) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        res.end();
        return;
      }
      return writeInChunks(res, answerFor(PIVOT), 4096);
    });
    try {
      const result = await client(server.url).downloadPivot(42, join(dir, 'retried.xml'));
      assert.equal(result.sha256, sha256(PIVOT));
      assert.equal(server.bodies.length, 2);
    } finally {
      await server.close();
    }
  });

  test('an answer cut before the closing quote: invalid-answer, retryable', async () => {
    const full = answerFor(PIVOT);
    const e = await failedDownload((res) => writeInChunks(res, full.slice(0, Math.floor(full.length / 2))));
    assert.equal(e.kind, 'invalid-answer');
    assert.equal(e.retryable, true);
    assert.match(e.message, /closing quote/);
  });

  test('a connection dropped mid-body: retryable', async () => {
    const e = await failedDownload((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write(answerFor(PIVOT).slice(0, 500));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    assert.equal(e.retryable, true, `${e.kind}: ${e.message}`);
  });

  test('invalid base64: invalid-answer, not retryable', async () => {
    for (const text of [
      '{"codeRetour":0,"fichierResultat":"PD94bWwg!mVyc2lvbj0i"}',
      '{"codeRetour":0,"fichierResultat":"PD94bWwg-mVyc2lvbj0i"}',
      '{"codeRetour":0,"fichierResultat":"PD94bW==dmVyc2lvbj0i"}',
    ]) {
      const e = await failedDownload((res) => writeInChunks(res, text));
      assert.equal(e.kind, 'invalid-answer', e.message);
      assert.equal(e.retryable, false);
      assert.match(e.message, /invalid character|padding/);
    }
  });

  test('a base64 cut short inside well-formed JSON: invalid-answer, retryable', async () => {
    const b64 = PIVOT.toString('base64');
    const e = await failedDownload((res) =>
      writeInChunks(res, `{"codeRetour":0,"libelle":"ok","fichierResultat":"${b64.slice(0, 4 * 100 + 3)}"}`, 64),
    );
    assert.equal(e.kind, 'invalid-answer');
    assert.equal(e.retryable, true);
    assert.match(e.message, /not a multiple of 4/);
  });

  test('codeRetour ≠ 0 before or after the file: business error', async () => {
    const before = await failedDownload((res) =>
      writeInChunks(res, '{"codeRetour":20001,"libelle":"Facture inconnue","fichierResultat":null}'),
    );
    assert.equal(before.kind, 'business');
    assert.equal(before.code, 20001);
    assert.match(before.message, /Facture inconnue/);
    const afterFile = await failedDownload((res) =>
      writeInChunks(res, `{"fichierResultat":"${PIVOT.toString('base64')}","codeRetour":3,"libelle":"late"}`, 1000),
    );
    assert.equal(afterFile.kind, 'business');
    assert.equal(afterFile.code, 3);
    const missing = await failedDownload((res) => writeInChunks(res, '{"codeRetour":0,"libelle":"ok"}'));
    assert.equal(missing.kind, 'invalid-answer');
    assert.match(missing.message, /fichierResultat/);
  });

  test('HTTP 413: too-large', async () => {
    const e = await failedDownload((res) => {
      res.writeHead(413);
      res.end();
    });
    assert.equal(e.kind, 'too-large');
    assert.equal(e.retryable, false);
  });

  test('more than maxBytes: too-large as soon as the limit is passed, without reading the rest', async () => {
    const block = randomBytes(48 * 1024).toString('base64');
    const total = 2000; // ~125 MiB of base64: far more than socket buffers can hold, so stopping early shows
    let written = 0;
    const e = await failedDownload(async (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"codeRetour":0,"fichierResultat":"');
      for (let i = 0; i < total && !res.destroyed; i++) {
        written++;
        if (!res.write(block)) await drained(res);
      }
      if (!res.destroyed) res.end('"}');
    }, 256 * 1024);
    assert.equal(e.kind, 'too-large');
    assert.equal(e.retryable, false);
    assert.match(e.message, /larger than the limit of 256 KiB|262144 bytes/);
    assert.ok(written < total / 2, `the server wrote ${written} of ${total} blocks`);
  });

  test('a declared Content-Length far over the limit fails before reading', async () => {
    const text = answerFor(randomBytes(100_000));
    const e = await failedDownload((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    }, 1000);
    assert.equal(e.kind, 'too-large');
  });

  test('memory stays flat while a ~150 MB answer streams through', async () => {
    // The server runs in a child process so that only the client's memory is measured.
    const child = spawn(process.execPath, ['--input-type=module', '-e', BIG_ANSWER_SERVER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const file = join(dir, 'big.xml');
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const {
        port,
        bytes,
        sha256: expected,
      } = JSON.parse(line.toString('utf8')) as { port: number; bytes: number; sha256: string };
      const url = `http://127.0.0.1:${port}`;
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      try {
        const result = await client(url).downloadPivot(1, file, { maxBytes: 200 * 1024 * 1024 });
        assert.deepEqual(result, { bytes, sha256: expected });
      } finally {
        clearInterval(sampler);
      }
      const growth = (peak - baseline) / 1024 / 1024;
      assert.ok(
        growth < 60,
        `rss grew by ${growth.toFixed(1)} MiB while streaming a ${(bytes / 0.75 / 1e6).toFixed(0)} MB answer`,
      );
    } finally {
      child.kill();
      await rm(file, { force: true });
    }
  });
});
