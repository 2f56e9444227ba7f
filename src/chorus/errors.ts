/**
 * Typed errors of the Chorus Pro client. Every failure leaves the client as a ChorusError whose `kind` says what went
 * wrong, whose `retryable` says whether a later attempt can succeed (the caller, i.e. Temporal, owns the retries), and
 * whose message tells the user what to fix. Messages never contain credentials.
 */

export type ChorusErrorKind =
  | 'bad-credentials'
  | 'forbidden'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'business'
  | 'invalid-answer'
  | 'too-large';

export const CHORUS_ERROR_KINDS: readonly ChorusErrorKind[] = [
  'bad-credentials',
  'forbidden',
  'rate-limited',
  'server',
  'timeout',
  'network',
  'business',
  'invalid-answer',
  'too-large',
];

const RETRYABLE_BY_DEFAULT: Record<ChorusErrorKind, boolean> = {
  'bad-credentials': false,
  forbidden: false,
  'rate-limited': true,
  server: true,
  timeout: true,
  network: true,
  business: false,
  'invalid-answer': false,
  'too-large': false,
};

export interface ChorusErrorInit {
  kind: ChorusErrorKind;
  message: string;
  /** Defaults by kind; only a truncated download overrides it (`invalid-answer` that a new attempt can fix). */
  retryable?: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  /** Chorus Pro `codeRetour`. */
  code?: number;
  /** Short name of the call that failed, e.g. `searchReceivedInvoices`. */
  operation?: string;
}

export class ChorusError extends Error {
  override readonly name = 'ChorusError';
  readonly kind: ChorusErrorKind;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly code?: number;
  readonly operation?: string;

  constructor(init: ChorusErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT[init.kind];
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.code !== undefined) this.code = init.code;
    if (init.operation !== undefined) this.operation = init.operation;
  }

  /** Plain data, e.g. for a Temporal ApplicationFailure's details. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      retryable: this.retryable,
      message: this.message,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      code: this.code,
      operation: this.operation,
    };
  }
}

export function isChorusError(value: unknown): value is ChorusError {
  return value instanceof ChorusError;
}

/**
 * Replaces secret values by `***` in text that came from a server (it could echo what we sent). Very short values are
 * skipped: redacting a 2-letter login would mangle every message.
 */
export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: readonly string[]) {
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  /** Redacts the message of an error in place (and returns it) before it leaves the client. */
  redactError<E>(error: E): E {
    if (error instanceof Error) {
      error.message = this.redact(error.message);
      if (typeof error.stack === 'string') error.stack = this.redact(error.stack);
    }
    return error;
  }
}
