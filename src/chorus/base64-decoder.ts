/**
 * Strict streaming base64 decoder: characters come in runs or one by one, whole quartets are decoded in batches, and
 * anything a standard encoder would not produce is refused (bad characters, misplaced padding, data after padding).
 * A length that is not a multiple of 4 at the end means the text was cut short.
 */

export type Base64Failure = 'invalid-base64' | 'truncated';

/** Throws; `at` is the index in the current input chunk. */
export type FailFn = (reason: Base64Failure, message: string, at: number) => never;

/** Byte classes (JSON string context: the quote ends the string and the backslash starts an escape). */
export const B64_INVALID = 0;
export const B64_DATA = 1;
export const B64_PAD = 2;
export const B64_QUOTE = 3;
export const B64_ESCAPE = 4;
export const B64_SPACE = 5;

export const B64_CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  B64_CLASS[c.charCodeAt(0)] = B64_DATA;
B64_CLASS[0x3d] = B64_PAD;
B64_CLASS[0x22] = B64_QUOTE;
B64_CLASS[0x5c] = B64_ESCAPE;
for (const c of [0x20, 0x09, 0x0a, 0x0d]) B64_CLASS[c] = B64_SPACE;

/** Characters decoded per batch: large enough to be cheap, small enough to keep memory flat. */
const DECODE_BATCH = 64 * 1024;

export class StreamingBase64Decoder {
  private pending = '';
  private dataChars = 0;
  private padChars = 0;

  constructor(
    private readonly onBytes: (bytes: Buffer) => void,
    private readonly fail: FailFn,
  ) {}

  /** Number of base64 characters (padding excluded) received so far. */
  get length(): number {
    return this.dataChars;
  }

  /** A run of bytes the caller already checked to be data characters (class B64_DATA). */
  pushRun(buf: Buffer, start: number, end: number): void {
    if (end <= start) return;
    if (this.padChars > 0) this.fail('invalid-base64', 'base64 data after the "=" padding', start);
    this.dataChars += end - start;
    this.pending += buf.toString('latin1', start, end);
    if (this.pending.length >= DECODE_BATCH) this.flush(false);
  }

  /** A single character (code unit) met outside a run: padding, whitespace (ignored), data, or garbage. */
  pushChar(c: number, at: number): void {
    const cls = c < 256 ? B64_CLASS[c] : B64_INVALID;
    if (cls === B64_SPACE) return;
    if (cls === B64_DATA) {
      if (this.padChars > 0) this.fail('invalid-base64', 'base64 data after the "=" padding', at);
      this.dataChars++;
      this.pending += String.fromCharCode(c);
      return;
    }
    if (cls === B64_PAD) {
      const position = this.dataChars % 4;
      if (position < 2 || position + this.padChars + 1 > 4) this.fail('invalid-base64', 'misplaced "=" in base64', at);
      this.padChars++;
      this.pending += '=';
      return;
    }
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, '0')}`;
    this.fail('invalid-base64', `invalid character ${shown} in base64`, at);
  }

  /** The text ended (closing quote): checks the length and decodes the rest. */
  finish(at: number, name: string): void {
    const length = this.dataChars + this.padChars;
    if (length % 4 !== 0) {
      // Whole quartets are what a cut-short body lacks: a new attempt can succeed, unlike with a bad character.
      this.fail(
        'truncated',
        `the base64 of "${name}" has ${length} characters, not a multiple of 4: the file was cut short`,
        at,
      );
    }
    this.flush(true);
  }

  /** Decodes the whole quartets received so far (all of them when `all`). */
  flush(all: boolean): void {
    const usable = all ? this.pending.length : this.pending.length - (this.pending.length % 4);
    if (usable === 0) return;
    const part = usable === this.pending.length ? this.pending : this.pending.slice(0, usable);
    this.pending = usable === this.pending.length ? '' : this.pending.slice(usable);
    const bytes = Buffer.from(part, 'base64');
    if (bytes.length > 0) this.onBytes(bytes);
  }
}
