/**
 * Business calls to Chorus Pro: the four headers every call carries, one retry with a fresh token after a 401, JSON
 * parsing, `codeRetour` checking, and a streaming variant for downloads.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Got } from 'got';
import type { z } from 'zod';
import { ChorusError, type SecretRedactor } from './errors.ts';
import {
  businessError,
  classifyHttpFailure,
  classifyRequestError,
  type CallContext,
  type HttpAnswer,
} from './http-failures.ts';
import { boundedTimeout, streamingTimeout, type RequiredTimeouts } from './http-client.ts';
import type { TokenProvider } from './token-provider.ts';
import { describeIssues, envelopeSchema } from './wire-values.ts';

/** Error bodies are read up to this size only: enough for any `codeRetour`/`libelle`. */
const ERROR_BODY_LIMIT = 64 * 1024;

export interface ChorusCall {
  operation: string;
  /** What the call does, in words, for messages: "searching received invoices". */
  action: string;
  /** Path below the API base, e.g. `/cpro/factures/v1/rechercher/recipiendaire`. */
  path: string;
  body: unknown;
}

export interface Envelope {
  codeRetour: number | undefined;
  libelle: string | undefined;
}

export interface StreamedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

export interface TransportOptions {
  http: Got;
  apiBaseUrl: string;
  tokens: TokenProvider;
  /** base64(login:password) of the Chorus Pro technical account. */
  cproAccount: string;
  timeouts: RequiredTimeouts;
  redactor: SecretRedactor;
}

type Outcome<R> = { ok: true; value: R } | { ok: false; answer: HttpAnswer };

export class ChorusTransport {
  constructor(private readonly options: TransportOptions) {}

  contextOf(call: ChorusCall): CallContext {
    return { operation: call.operation, action: call.action, url: this.options.apiBaseUrl + call.path };
  }

  /** Posts JSON and returns the parsed answer and its envelope, leaving `codeRetour` to the caller. */
  async postJsonRaw(call: ChorusCall): Promise<{ json: Record<string, unknown>; envelope: Envelope }> {
    const ctx = this.contextOf(call);
    const text = await this.withAuth(ctx, async (token): Promise<Outcome<string>> => {
      let response;
      try {
        response = await this.options.http.post(ctx.url, {
          body: JSON.stringify(call.body),
          headers: this.headers(token),
          responseType: 'text',
          timeout: boundedTimeout(this.options.timeouts),
        });
      } catch (error) {
        throw classifyRequestError(error, ctx);
      }
      if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, value: response.body };
      const answer = {
        status: response.statusCode,
        headers: response.headers,
        body: response.body.slice(0, ERROR_BODY_LIMIT),
      };
      return { ok: false, answer };
    });
    try {
      const json = parseJsonObject(text, ctx);
      const envelope = envelopeSchema.safeParse(json);
      if (!envelope.success) {
        throw invalidAnswer(ctx, `its envelope is invalid (${describeIssues(envelope.error)})`);
      }
      return { json, envelope: { codeRetour: envelope.data.codeRetour, libelle: envelope.data.libelle } };
    } catch (error) {
      throw this.options.redactor.redactError(error);
    }
  }

  /** Posts JSON, fails on `codeRetour` ≠ 0 (unless listed in `acceptCodes`) and validates the answer with `schema`. */
  async postJson<S extends z.ZodType>(call: ChorusCall, schema: S): Promise<z.output<S>> {
    const { json, envelope } = await this.postJsonRaw(call);
    const ctx = this.contextOf(call);
    if (envelope.codeRetour !== undefined && envelope.codeRetour !== 0) {
      throw this.options.redactor.redactError(businessError(envelope.codeRetour, envelope.libelle, ctx, 200));
    }
    return this.validate(json, schema, ctx);
  }

  validate<S extends z.ZodType>(json: unknown, schema: S, ctx: CallContext): z.output<S> {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw this.options.redactor.redactError(
        invalidAnswer(ctx, `fields are missing or invalid: ${describeIssues(parsed.error)}`),
      );
    }
    return parsed.data;
  }

  /**
   * Posts JSON and hands a 2xx answer's body stream to `consume`, which must read it to the end or fail. Non-2xx
   * answers are classified here (after one retry on 401), reading at most a small part of their body.
   */
  async postStreaming<R>(call: ChorusCall, consume: (answer: StreamedAnswer) => Promise<R>): Promise<R> {
    const ctx = this.contextOf(call);
    return this.withAuth(ctx, async (token): Promise<Outcome<R>> => {
      const stream = this.options.http.stream.post(ctx.url, {
        body: JSON.stringify(call.body),
        headers: this.headers(token),
        timeout: streamingTimeout(this.options.timeouts),
      });
      try {
        let response;
        try {
          response = await waitForResponse(stream);
        } catch (error) {
          throw classifyRequestError(error, ctx);
        }
        if (response.statusCode < 200 || response.statusCode >= 300) {
          const body = await readCapped(stream, ERROR_BODY_LIMIT);
          return { ok: false, answer: { status: response.statusCode, headers: response.headers, body } };
        }
        return {
          ok: true,
          value: await consume({ status: response.statusCode, headers: response.headers, body: stream }),
        };
      } finally {
        stream.destroy();
      }
    });
  }

  private headers(token: string): Record<string, string> {
    return {
      authorization: `Bearer ${token}`,
      'cpro-account': this.options.cproAccount,
      'content-type': 'application/json;charset=utf-8',
      accept: 'application/json',
    };
  }

  /** Runs `attempt` with a token; on 401 drops that token and tries once more with a fresh one. */
  private async withAuth<R>(ctx: CallContext, attempt: (token: string) => Promise<Outcome<R>>): Promise<R> {
    const { tokens, redactor } = this.options;
    try {
      for (let tries = 1; ; tries++) {
        const token = await tokens.getToken();
        const outcome = await attempt(token);
        if (outcome.ok) return outcome.value;
        if (outcome.answer.status === 401 && tries === 1) {
          tokens.invalidate(token);
          continue;
        }
        throw classifyHttpFailure(outcome.answer, ctx);
      }
    } catch (error) {
      throw redactor.redactError(error);
    }
  }
}

export function invalidAnswer(ctx: CallContext, what: string, retryable = false): ChorusError {
  return new ChorusError({
    kind: 'invalid-answer',
    retryable,
    operation: ctx.operation,
    message: `Chorus Pro gave an unexpected answer while ${ctx.action} (${ctx.url}): ${what}.`,
  });
}

function parseJsonObject(text: string, ctx: CallContext): Record<string, unknown> {
  if (!text.trim()) throw invalidAnswer(ctx, 'the answer is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidAnswer(ctx, 'the answer is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidAnswer(ctx, 'the answer is not a JSON object');
  }
  return json as Record<string, unknown>;
}

interface ResponseHead {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

function waitForResponse(stream: NodeJS.EventEmitter): Promise<ResponseHead> {
  // A late error (reset between the headers and the consumer's pipeline) must not go unhandled; consumers see it
  // through their own listeners.
  stream.on('error', () => {});
  return new Promise((resolve, reject) => {
    const onResponse = (response: ResponseHead) => {
      stream.off('error', onError);
      resolve(response);
    };
    const onError = (error: unknown) => {
      stream.off('response', onResponse);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    stream.once('response', onResponse);
    stream.once('error', onError);
  });
}

/** Reads a body up to `limit` bytes; a failure midway keeps what arrived (it is only used for error messages). */
async function readCapped(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buf);
      size += buf.length;
      if (size >= limit) break;
    }
  } catch {
    // Partial error bodies are fine.
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
