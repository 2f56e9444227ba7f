/**
 * PISTE OAuth2 client_credentials tokens: cached until shortly before they expire, fetched by one request however
 * many callers wait, dropped when a business call answers 401.
 */
import type { Got } from 'got';
import { z } from 'zod';
import { ChorusError, type SecretRedactor } from './errors.ts';
import { classifyRequestError, classifyTokenFailure, type CallContext } from './http-failures.ts';
import { boundedTimeout, type RequiredTimeouts } from './http-client.ts';
import { describeIssues, wireNumber } from './wire-values.ts';

/** OCA keeps 240 s, PASTELL none; 60 s covers clock skew and a slow call, halved for very short lifetimes. */
export const TOKEN_SAFETY_MARGIN_MS = 60_000;

export function tokenSafetyMarginMs(lifetimeMs: number): number {
  return Math.min(TOKEN_SAFETY_MARGIN_MS, lifetimeMs / 2);
}

const tokenAnswerSchema = z.object({
  access_token: z.string().trim().min(1, 'access_token is missing or empty'),
  token_type: z.string().nullish(),
  expires_in: wireNumber.pipe(z.number().positive('expires_in must be positive')),
});

export interface TokenProviderOptions {
  http: Got;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeouts: RequiredTimeouts;
  redactor: SecretRedactor;
  now?: () => number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

export class TokenProvider {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  private requestCount = 0;
  private readonly now: () => number;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Number of token requests sent so far (for diagnostics and tests). */
  get requestsSent(): number {
    return this.requestCount;
  }

  async getToken(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.expiresAt) return cached.value;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return (await this.inFlight).value;
  }

  /**
   * Forgets the token after a 401. Given the token that was refused, it only forgets that one, so a caller holding
   * an old token does not throw away the fresh token another caller just fetched.
   */
  invalidate(token?: string): void {
    if (token === undefined || this.cached?.value === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<CachedToken> {
    const { http, tokenUrl, clientId, clientSecret, timeouts, redactor } = this.options;
    const ctx: CallContext = { operation: 'token', action: 'getting a PISTE access token', url: tokenUrl };
    const startedAt = this.now();
    this.requestCount += 1;
    try {
      let response;
      try {
        response = await http.post(tokenUrl, {
          form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid' },
          headers: { accept: 'application/json' },
          responseType: 'text',
          timeout: boundedTimeout(timeouts),
        });
      } catch (error) {
        throw classifyRequestError(error, ctx);
      }
      const body = response.body;
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw classifyTokenFailure(
          { status: response.statusCode, headers: response.headers, body: body.slice(0, 65_536) },
          ctx,
        );
      }
      const token = parseTokenAnswer(body, ctx);
      const lifetimeMs = token.expires_in * 1000;
      const cached = { value: token.access_token, expiresAt: startedAt + lifetimeMs - tokenSafetyMarginMs(lifetimeMs) };
      this.cached = cached;
      return cached;
    } catch (error) {
      throw redactor.redactError(error);
    }
  }
}

function parseTokenAnswer(body: string, ctx: CallContext): z.output<typeof tokenAnswerSchema> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ChorusError({
      kind: 'invalid-answer',
      operation: ctx.operation,
      message: `The PISTE token endpoint ${ctx.url} did not answer JSON: is the token URL right?`,
    });
  }
  const parsed = tokenAnswerSchema.safeParse(json);
  if (!parsed.success) {
    throw new ChorusError({
      kind: 'invalid-answer',
      operation: ctx.operation,
      message: `The PISTE token endpoint ${ctx.url} gave an invalid token answer (${describeIssues(parsed.error)}).`,
    });
  }
  return parsed.data;
}
