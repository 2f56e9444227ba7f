/**
 * Incremental reader for a JSON object such as `{"codeRetour":0,"libelle":"…","fichierResultat":"<base64>"}` that
 * decodes one base64 string field as its bytes arrive, so a 130 MB answer never sits in memory. Chunks may split the
 * input anywhere (inside a key, an escape, a UTF-8 character or a base64 quartet).
 *
 * Top-level scalar members are reported through `onScalar` (strings capped in length); nested objects and arrays are
 * skipped without being checked in detail. Inside the base64 string, JSON escapes are honoured (`\/` is a `/`),
 * whitespace (escaped or raw, as MIME encoders insert line breaks) is ignored, and anything else that is not base64 is
 * an error, as is data after the `=` padding. A string whose length is not a multiple of 4 is reported as truncated.
 */
import { StringDecoder } from 'node:string_decoder';
import { B64_CLASS, B64_DATA, B64_ESCAPE, B64_QUOTE, StreamingBase64Decoder } from './base64-decoder.ts';

export type JsonScalar = string | number | boolean | null;

/** `truncated`: the input ended early (a new attempt can succeed); the others: the answer itself is wrong. */
export type ExtractionFailure = 'truncated' | 'invalid-json' | 'invalid-base64';

export class JsonBase64Error extends Error {
  override readonly name = 'JsonBase64Error';
  constructor(
    readonly reason: ExtractionFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface JsonBase64ExtractorOptions {
  /** Name of the top-level member whose base64 string value is decoded. */
  field: string;
  onBytes: (bytes: Buffer) => void;
  onFieldStart?: () => void;
  onFieldEnd?: () => void;
  /** Called for each top-level scalar member (other than the field), e.g. `codeRetour`. */
  onScalar?: (key: string, value: JsonScalar) => void;
  /** Longest string value kept, in characters (the rest is dropped). Default 64 Ki. */
  maxTextLength?: number;
}

type State =
  'root' | 'key-or-end' | 'key' | 'colon' | 'value' | 'text' | 'literal' | 'nested' | 'after-value' | 'base64' | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// prettier-ignore
const SIMPLE_ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const MAX_KEY_LENGTH = 1024;
const MAX_LITERAL_LENGTH = 64;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const LITERAL_BYTES = new Uint8Array(256);
for (const c of '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-.') LITERAL_BYTES[c.charCodeAt(0)] = 1;

function isLiteralByte(c: number): boolean {
  return LITERAL_BYTES[c] === 1;
}

export class JsonBase64Extractor {
  private state: State = 'root';
  private offset = 0;
  /** The first failure: a JsonBase64Error, or whatever a callback threw. Later calls throw it again. */
  private failure: unknown;
  private failed = false;
  private afterComma = false;
  private key = '';
  private text = '';
  private decoder = new StringDecoder('utf8');
  private literal = '';
  private depth = 0;
  private nestedInString = false;
  private nestedEscape = false;
  /** 0: none; 1: after a backslash; 2: reading the 4 hex digits of `\u`. */
  private escape = 0;
  private hex = '';
  private readonly base64: StreamingBase64Decoder;
  private readonly maxTextLength: number;
  private readonly seenScalars = new Map<string, JsonScalar>();
  private fieldState: 'absent' | 'open' | 'complete' = 'absent';

  constructor(private readonly options: JsonBase64ExtractorOptions) {
    this.maxTextLength = options.maxTextLength ?? 64 * 1024;
    this.base64 = new StreamingBase64Decoder(options.onBytes, (reason, message, at) => this.fail(reason, message, at));
  }

  /** Top-level scalar members read so far. */
  get scalars(): ReadonlyMap<string, JsonScalar> {
    return this.seenScalars;
  }

  /** Whether the base64 field was read to its closing quote. */
  get fieldComplete(): boolean {
    return this.fieldState === 'complete';
  }

  /** Number of base64 characters (padding excluded) read so far. */
  get base64Length(): number {
    return this.base64.length;
  }

  write(chunk: Uint8Array): void {
    if (this.failed) throw this.failure;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      let i = 0;
      while (i < buf.length) {
        if (this.state === 'base64') i = this.base64Step(buf, i);
        else if (this.state === 'text' || this.state === 'key') i = this.textStep(buf, i);
        else if (this.tokenStep(buf[i] ?? 0)) i++;
      }
      if (this.state === 'base64') this.base64.flush(false);
      this.offset += buf.length;
    } catch (error) {
      this.failed = true;
      this.failure = error;
      throw error;
    }
  }

  /** Declares the end of the input; fails if the JSON object is not complete. */
  end(): void {
    if (this.failed) throw this.failure;
    if (this.state === 'done') return;
    let message = 'the answer ended before the end of its JSON object';
    if (this.state === 'base64') message = `the answer ended inside "${this.options.field}", before its closing quote`;
    else if (this.state === 'root') message = 'the answer is empty';
    this.failed = true;
    this.failure = new JsonBase64Error('truncated', message);
    throw this.failure;
  }

  private fail(reason: ExtractionFailure, message: string, at?: number): never {
    throw new JsonBase64Error(reason, at === undefined ? message : `${message} at byte ${this.offset + at}`);
  }

  /** Structural bytes outside strings. Returns false when the byte must be read again in the new state. */
  private tokenStep(c: number): boolean {
    switch (this.state) {
      case 'root':
        if (isWhitespace(c) || (this.offset === 0 && (c === 0xef || c === 0xbb || c === 0xbf))) return true;
        if (c !== 0x7b) this.fail('invalid-json', 'the answer is not a JSON object');
        this.state = 'key-or-end';
        this.afterComma = false;
        return true;
      case 'key-or-end':
        if (isWhitespace(c)) return true;
        if (c === QUOTE) {
          this.state = 'key';
          this.text = '';
          return true;
        }
        if (c === 0x7d && !this.afterComma) {
          this.state = 'done';
          return true;
        }
        return this.fail('invalid-json', 'expected a member name');
      case 'colon':
        if (isWhitespace(c)) return true;
        if (c !== 0x3a) this.fail('invalid-json', `expected ':' after "${this.key}"`);
        this.state = 'value';
        return true;
      case 'value':
        return this.startValue(c);
      case 'literal':
        if (isLiteralByte(c)) {
          this.literal += String.fromCharCode(c);
          if (this.literal.length > MAX_LITERAL_LENGTH) this.fail('invalid-json', `value of "${this.key}" is too long`);
          return true;
        }
        this.endLiteral();
        return false;
      case 'nested':
        this.nestedStep(c);
        return true;
      case 'after-value':
        if (isWhitespace(c)) return true;
        if (c === 0x2c) {
          this.state = 'key-or-end';
          this.afterComma = true;
          return true;
        }
        if (c === 0x7d) {
          this.state = 'done';
          return true;
        }
        return this.fail('invalid-json', `expected ',' or '}' after "${this.key}"`);
      case 'done':
        if (!isWhitespace(c)) this.fail('invalid-json', 'unexpected data after the JSON object');
        return true;
      default:
        return this.fail('invalid-json', `internal state ${this.state}`);
    }
  }

  private startValue(c: number): boolean {
    if (isWhitespace(c)) return true;
    if (c === QUOTE) {
      if (this.key === this.options.field) {
        if (this.fieldState !== 'absent') this.fail('invalid-json', `"${this.key}" appears twice`);
        this.fieldState = 'open';
        this.state = 'base64';
        this.options.onFieldStart?.();
      } else {
        this.state = 'text';
        this.text = '';
      }
      return true;
    }
    if (c === 0x7b || c === 0x5b) {
      this.state = 'nested';
      this.depth = 1;
      this.nestedInString = false;
      this.nestedEscape = false;
      return true;
    }
    if (isLiteralByte(c)) {
      this.state = 'literal';
      this.literal = String.fromCharCode(c);
      return true;
    }
    return this.fail('invalid-json', `invalid value for "${this.key}"`);
  }

  private endLiteral(): void {
    const raw = this.literal;
    let value: JsonScalar;
    if (raw === 'true') value = true;
    else if (raw === 'false') value = false;
    else if (raw === 'null') value = null;
    else if (JSON_NUMBER.test(raw)) value = Number(raw);
    else return this.fail('invalid-json', `invalid value for "${this.key}"`);
    this.scalar(value);
  }

  private scalar(value: JsonScalar): void {
    this.seenScalars.set(this.key, value);
    this.state = 'after-value';
    this.options.onScalar?.(this.key, value);
  }

  private nestedStep(c: number): void {
    if (this.nestedInString) {
      if (this.nestedEscape) this.nestedEscape = false;
      else if (c === BACKSLASH) this.nestedEscape = true;
      else if (c === QUOTE) this.nestedInString = false;
      return;
    }
    if (c === QUOTE) this.nestedInString = true;
    else if (c === 0x7b || c === 0x5b) this.depth++;
    else if (c === 0x7d || c === 0x5d) {
      this.depth--;
      if (this.depth === 0) this.state = 'after-value';
    }
  }

  /** Member names and string values: plain runs go through a UTF-8 decoder that survives split characters. */
  private textStep(buf: Buffer, start: number): number {
    if (this.escape) {
      this.escapeStep(buf[start] ?? 0, start, (s) => this.appendText(s));
      return start + 1;
    }
    let j = start;
    while (j < buf.length) {
      const c = buf[j] ?? 0;
      if (c === QUOTE || c === BACKSLASH) break;
      if (c < 0x20) this.fail('invalid-json', 'control character in a string', j);
      j++;
    }
    if (j > start) this.appendText(this.decoder.write(buf.subarray(start, j)));
    if (j === buf.length) return j;
    if (buf[j] === BACKSLASH) {
      this.escape = 1;
      return j + 1;
    }
    this.appendText(this.decoder.end());
    if (this.state === 'key') {
      this.key = this.text;
      this.state = 'colon';
    } else {
      this.scalar(this.text);
    }
    return j + 1;
  }

  private appendText(s: string): void {
    const max = this.state === 'key' ? MAX_KEY_LENGTH : this.maxTextLength;
    if (this.text.length < max) this.text += s.length > max - this.text.length ? s.slice(0, max - this.text.length) : s;
  }

  /** One byte of an escape sequence; `emit` receives the decoded character. */
  private escapeStep(c: number, at: number, emit: (s: string) => void): void {
    if (this.escape === 1) {
      if (c === 0x75) {
        this.escape = 2;
        this.hex = '';
        return;
      }
      const simple = SIMPLE_ESCAPES[c];
      if (simple === undefined)
        this.fail(this.state === 'base64' ? 'invalid-base64' : 'invalid-json', 'invalid escape', at);
      this.escape = 0;
      emit(simple);
      return;
    }
    const digit = String.fromCharCode(c);
    if (!/[0-9a-fA-F]/.test(digit))
      this.fail(this.state === 'base64' ? 'invalid-base64' : 'invalid-json', 'invalid \\u escape', at);
    this.hex += digit;
    if (this.hex.length === 4) {
      this.escape = 0;
      emit(String.fromCharCode(parseInt(this.hex, 16)));
    }
  }

  /** The base64 string: a fast scan over runs of base64 characters, with escapes and whitespace handled aside. */
  private base64Step(buf: Buffer, start: number): number {
    if (this.escape) {
      this.escapeStep(buf[start] ?? 0, start, (s) => this.base64.pushChar(s.charCodeAt(0), start));
      return start + 1;
    }
    let j = start;
    while (j < buf.length && B64_CLASS[buf[j] ?? 0] === B64_DATA) j++;
    this.base64.pushRun(buf, start, j);
    if (j === buf.length) return j;
    const cls = B64_CLASS[buf[j] ?? 0];
    if (cls === B64_QUOTE) {
      this.base64.finish(j, this.options.field);
      this.fieldState = 'complete';
      this.state = 'after-value';
      this.options.onFieldEnd?.();
    } else if (cls === B64_ESCAPE) {
      this.escape = 1;
    } else {
      this.base64.pushChar(buf[j] ?? 0, j);
    }
    return j + 1;
  }
}
