import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChorusError, isChorusError, SecretRedactor } from '../../src/chorus/errors.ts';
import {
  classifyHttpFailure,
  classifyRequestError,
  classifyTokenFailure,
  parseRetryAfter,
  parseWwwAuthenticate,
  type CallContext,
} from '../../src/chorus/http-failures.ts';

const ctx: CallContext = {
  operation: 'searchReceivedInvoices',
  action: 'searching received invoices',
  url: 'https://x/cpro/a',
};

describe('ChorusError', () => {
  test('retryable follows the kind unless overridden', () => {
    assert.equal(new ChorusError({ kind: 'server', message: 'm' }).retryable, true);
    assert.equal(new ChorusError({ kind: 'rate-limited', message: 'm' }).retryable, true);
    assert.equal(new ChorusError({ kind: 'timeout', message: 'm' }).retryable, true);
    assert.equal(new ChorusError({ kind: 'network', message: 'm' }).retryable, true);
    for (const kind of ['bad-credentials', 'forbidden', 'business', 'invalid-answer', 'too-large'] as const) {
      assert.equal(new ChorusError({ kind, message: 'm' }).retryable, false, kind);
    }
    assert.equal(new ChorusError({ kind: 'invalid-answer', message: 'm', retryable: true }).retryable, true);
  });

  test('isChorusError tells ChorusErrors apart', () => {
    assert.equal(isChorusError(new ChorusError({ kind: 'server', message: 'm' })), true);
    assert.equal(isChorusError(new Error('m')), false);
    assert.equal(isChorusError({ kind: 'server' }), false);
  });
});

describe('parseRetryAfter', () => {
  test('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('7'), 7000);
    assert.equal(parseRetryAfter(' 0 '), 0);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

describe('parseWwwAuthenticate', () => {
  test('reads the PISTE header', () => {
    const params = parseWwwAuthenticate(
      'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"',
    );
    assert.deepEqual(params, {
      realm: 'PISTE',
      error: 'Unauthorized',
      error_description: 'login or password incorrects',
    });
    assert.deepEqual(parseWwwAuthenticate('Bearer error=invalid_token, error_description="a \\"b\\""'), {
      error: 'invalid_token',
      error_description: 'a "b"',
    });
  });
});

describe('classifyHttpFailure', () => {
  const classify = (status: number, body = '', headers: Record<string, string> = {}) =>
    classifyHttpFailure({ status, headers, body }, ctx, Date.parse('2025-01-01T00:00:00Z'));

  test('401 blames the technical account and shows error_description', () => {
    const e = classify(401, '', {
      'www-authenticate': 'Bearer realm="PISTE",error_description="login or password incorrects"',
    });
    assert.equal(e.kind, 'bad-credentials');
    assert.equal(e.retryable, false);
    assert.equal(e.httpStatus, 401);
    assert.match(e.message, /technical account/);
    assert.match(e.message, /login or password incorrects/);
  });

  test('403 with an empty body explains the subscriptions and the raccordement', () => {
    const e = classify(403);
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.retryable, false);
    assert.match(e.message, /subscribed to the Chorus Pro APIs \(Factures, Structures, Transverses/);
    assert.match(e.message, /raccordement/);
  });

  test('429 honours Retry-After, 5xx is retryable, 413 is too large', () => {
    const limited = classify(429, '', { 'retry-after': '12' });
    assert.equal(limited.kind, 'rate-limited');
    assert.equal(limited.retryable, true);
    assert.equal(limited.retryAfterMs, 12_000);
    assert.equal(classify(429, '', { 'retry-after': 'Wed, 01 Jan 2025 00:01:00 GMT' }).retryAfterMs, 60_000);
    for (const status of [500, 502, 503, 504]) {
      const e = classify(status, '<html>oops</html>');
      assert.equal(e.kind, 'server');
      assert.equal(e.retryable, true);
    }
    const big = classify(413);
    assert.equal(big.kind, 'too-large');
    assert.equal(big.retryable, false);
  });

  test('a 4xx with codeRetour is a business error; without, an unexpected answer', () => {
    const e = classify(400, '{"codeRetour":20002,"libelle":"Incohérence au niveau du statut"}');
    assert.equal(e.kind, 'business');
    assert.equal(e.code, 20002);
    assert.equal(e.httpStatus, 400);
    assert.match(e.message, /20002.*Incohérence/);
    const numericString = classify(400, '{"codeRetour":"20001","libelle":"x"}');
    assert.equal(numericString.code, 20001);
    const bare = classify(400, '');
    assert.equal(bare.kind, 'invalid-answer');
    assert.equal(bare.retryable, false);
    assert.match(classify(404).message, /API base URL/);
  });
});

describe('classifyTokenFailure', () => {
  test('401 or invalid_client blames the PISTE client id/secret', () => {
    for (const [status, body] of [
      [401, '{"error":"invalid_client","error_description":"Client authentication failed"}'],
      [400, '{"error":"invalid_client"}'],
    ] as const) {
      const e = classifyTokenFailure({ status, headers: {}, body }, { ...ctx, operation: 'token' });
      assert.equal(e.kind, 'bad-credentials', String(status));
      assert.match(e.message, /PISTE refused the OAuth client id\/secret/);
      assert.match(e.message, /invalid_client/);
    }
  });

  test('other token failures are classified like business calls', () => {
    assert.equal(classifyTokenFailure({ status: 503, headers: {}, body: '' }, ctx).kind, 'server');
    assert.equal(classifyTokenFailure({ status: 403, headers: {}, body: '' }, ctx).kind, 'forbidden');
  });
});

describe('classifyRequestError', () => {
  test('timeouts and network failures are retryable and name the URL', () => {
    const timeout = classifyRequestError({ name: 'TimeoutError', code: 'ETIMEDOUT', event: 'response' }, ctx);
    assert.equal(timeout.kind, 'timeout');
    assert.equal(timeout.retryable, true);
    assert.match(timeout.message, /response timeout/);
    const refused = classifyRequestError({ name: 'RequestError', code: 'ECONNREFUSED' }, ctx);
    assert.equal(refused.kind, 'network');
    assert.equal(refused.retryable, true);
    assert.match(refused.message, /https:\/\/x\/cpro\/a/);
    assert.match(refused.message, /refused/);
    assert.equal(classifyRequestError(new Error('boom'), ctx).kind, 'network');
  });
});

describe('SecretRedactor', () => {
  test('hides secrets in text and error messages, skipping very short values', () => {
    const r = new SecretRedactor(['s3cr3t-value', 'ab', 'TECH_1_x@cpro.fr']);
    assert.equal(r.redact('x s3cr3t-value y TECH_1_x@cpro.fr ab'), 'x *** y *** ab');
    const e = r.redactError(new Error('said s3cr3t-value'));
    assert.equal(e.message, 'said ***');
  });
});
