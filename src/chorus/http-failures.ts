/**
 * Turns non-2xx HTTP answers and transport failures (refused connections, resets, timeouts) into ChorusErrors with a
 * message that says what to fix.
 */
import { ChorusError } from './errors.ts';

export interface CallContext {
  /** Public method name, e.g. `searchReceivedInvoices`. */
  operation: string;
  /** What the call does, in words: "searching received invoices". */
  action: string;
  url: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The start of the body, as text (callers cap it). */
  body: string;
}

export function headerValue(headers: HttpAnswer['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Parameters of a `WWW-Authenticate: Bearer realm="PISTE",error="…",error_description="…"` header. */
export function parseWwwAuthenticate(value: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!value) return params;
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of value.matchAll(re)) {
    const key = match[1];
    if (key === undefined) continue;
    params[key.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  return params;
}

/** What a JSON error body says: Chorus `codeRetour`/`libelle` or OAuth `error`/`error_description`. */
export interface ErrorBody {
  codeRetour?: number;
  libelle?: string;
  error?: string;
  errorDescription?: string;
}

export function parseErrorBody(body: string): ErrorBody {
  if (!body.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const o = json as Record<string, unknown>;
  const out: ErrorBody = {};
  const code = typeof o.codeRetour === 'string' ? Number(o.codeRetour) : o.codeRetour;
  if (typeof code === 'number' && Number.isInteger(code)) out.codeRetour = code;
  if (typeof o.libelle === 'string') out.libelle = o.libelle;
  if (typeof o.error === 'string') out.error = o.error;
  if (typeof o.error_description === 'string') out.errorDescription = o.error_description;
  return out;
}

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** What the server said, for the end of a message: `Server said: "…".` or ''. */
function serverSaid(parts: (string | undefined)[]): string {
  const said = [...new Set(parts.filter((p): p is string => !!p && p.trim() !== ''))].map((p) => clip(p));
  return said.length ? ` Server said: "${said.join('; ')}".` : '';
}

const FORBIDDEN_HINT =
  'The PISTE application must be subscribed to the Chorus Pro APIs (Factures, Structures, Transverses, Utilisateurs) ' +
  'with their terms of use accepted, for this environment (sandbox and production subscriptions are separate). ' +
  'In production, the API connection ("raccordement") must also be declared on the Chorus Pro portal, in the ' +
  '"EDI and API connection" space, for the technical account and this PISTE application.';

/** Classifies a non-2xx answer of the token endpoint. */
export function classifyTokenFailure(answer: HttpAnswer, ctx: CallContext): ChorusError {
  const body = parseErrorBody(answer.body);
  const www = parseWwwAuthenticate(headerValue(answer.headers, 'www-authenticate'));
  const oauthError = body.error ?? www.error;
  const badClient = ['invalid_client', 'unauthorized_client', 'invalid_grant'].includes(oauthError ?? '');
  if (answer.status === 401 || (answer.status === 400 && badClient)) {
    return new ChorusError({
      kind: 'bad-credentials',
      httpStatus: answer.status,
      operation: ctx.operation,
      message:
        `PISTE refused the OAuth client id/secret while ${ctx.action} (HTTP ${answer.status} from ${ctx.url}). ` +
        'Check the client id and client secret of the PISTE application, and that they belong to the chosen ' +
        'environment (sandbox and production applications have different credentials).' +
        serverSaid([oauthError, body.errorDescription ?? www.error_description]),
    });
  }
  return classifyHttpFailure(answer, ctx);
}

/**
 * Classifies a non-2xx answer of a business call. A 401 here is final: the caller already retried once with a fresh
 * token, so what remains is the technical account.
 */
export function classifyHttpFailure(answer: HttpAnswer, ctx: CallContext, now: number = Date.now()): ChorusError {
  const { status } = answer;
  const body = parseErrorBody(answer.body);
  const www = parseWwwAuthenticate(headerValue(answer.headers, 'www-authenticate'));
  const where = `while ${ctx.action} (HTTP ${status} from ${ctx.url})`;
  const base = { httpStatus: status, operation: ctx.operation, code: body.codeRetour };

  if (status === 401) {
    return new ChorusError({
      ...base,
      kind: 'bad-credentials',
      message:
        `Chorus Pro refused the credentials ${where}, even with a fresh PISTE token. Check the login and password of ` +
        'the Chorus Pro technical account (sent in the cpro-account header; it is not the PISTE account), and renew ' +
        'the password on the Chorus Pro portal if it has expired.' +
        serverSaid([www.error_description, body.libelle, body.errorDescription]),
    });
  }
  if (status === 403) {
    return new ChorusError({
      ...base,
      kind: 'forbidden',
      message: `Access denied ${where}. ${FORBIDDEN_HINT}` + serverSaid([www.error_description, body.libelle]),
    });
  }
  if (status === 413) {
    return new ChorusError({
      ...base,
      kind: 'too-large',
      message:
        `The requested file is too large ${where}: Chorus Pro refuses downloads over 120 MB. ` +
        'Download fewer invoices per call.' +
        serverSaid([body.libelle]),
    });
  }
  const retryAfterMs = parseRetryAfter(headerValue(answer.headers, 'retry-after'), now);
  if (status === 429) {
    return new ChorusError({
      ...base,
      kind: 'rate-limited',
      retryAfterMs,
      message:
        `Too many requests ${where}: PISTE is throttling this application.` +
        (retryAfterMs !== undefined ? ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.` : ' Retry later.') +
        serverSaid([body.libelle]),
    });
  }
  if (status >= 500) {
    return new ChorusError({
      ...base,
      kind: 'server',
      retryAfterMs,
      message:
        `Chorus Pro or PISTE failed ${where}; this is on their side, retry later.` +
        serverSaid([body.libelle, body.errorDescription]),
    });
  }
  if (body.codeRetour !== undefined && body.codeRetour !== 0) {
    return businessError(body.codeRetour, body.libelle, ctx, status);
  }
  return new ChorusError({
    ...base,
    kind: 'invalid-answer',
    message:
      `Unexpected answer ${where}` +
      (status === 404 ? ': check the API base URL of the environment.' : ', without a Chorus Pro error code.') +
      serverSaid([body.libelle, body.errorDescription, body.error ?? (answer.body ? clip(answer.body, 200) : '')]),
  });
}

export function businessError(
  code: number,
  libelle: string | undefined,
  ctx: Pick<CallContext, 'operation' | 'action'>,
  httpStatus?: number,
): ChorusError {
  return new ChorusError({
    kind: 'business',
    code,
    httpStatus,
    operation: ctx.operation,
    message: `Chorus Pro refused the request while ${ctx.action}: codeRetour ${code}${libelle ? ` "${clip(libelle)}"` : ''}.`,
  });
}

const NETWORK_HINTS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: is the host right and the service running?',
  ECONNRESET: 'the connection was reset by the server or a proxy',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name does not resolve: check the URL and the DNS',
  EAI_AGAIN: 'the DNS lookup failed temporarily',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ERR_STREAM_PREMATURE_CLOSE: 'the connection closed before the answer was complete',
};

/**
 * Classifies an error thrown by got (no answer, or a body that could not be read). Only the error's name, code and
 * timeout event are read: got errors carry the request options, headers with credentials included, so they are
 * never attached as a cause.
 */
export function classifyRequestError(error: unknown, ctx: CallContext): ChorusError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    event?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const phase = typeof e.event === 'string' ? ` (${e.event} timeout)` : '';
    return new ChorusError({
      kind: 'timeout',
      operation: ctx.operation,
      message: `No answer in time while ${ctx.action} from ${ctx.url}${phase}. Chorus Pro may be slow or unreachable; retry later.`,
    });
  }
  const hint = NETWORK_HINTS[code] ?? `the request failed${code ? ` (${code})` : ''}`;
  return new ChorusError({
    kind: 'network',
    operation: ctx.operation,
    message: `Network error while ${ctx.action} at ${ctx.url}: ${hint}.`,
  });
}
