import { InvoiceFormatError } from './errors.ts';
import type { ContentSink, ExtractRule } from './content-sinks.ts';
import { decodeXmlBytes } from './xml-encoding.ts';

/**
 * Streaming pre-pass over an XML document, fed chunk by chunk. It never holds the whole input: it
 * - refuses DTDs (`<!DOCTYPE`, `<!ENTITY`…) wherever they appear, so no entity can ever be declared or expanded;
 * - bounds nesting depth, element count and the size of the XML it keeps;
 * - drops comments (a 100 MB comment pads some files) and hands the text content of chosen elements (base64
 *   attachments) to sinks, leaving a short placeholder in the XML.
 * Every dropped newline is kept, so line numbers of the kept XML match the input for error messages.
 * Well-formedness beyond this (tag matching, attributes) is checked by the parser that reads the kept XML.
 */

export interface ScanLimits {
  maxDepth: number;
  maxElements: number;
  /** Bytes of XML kept once comments and extracted contents are taken out. */
  maxXmlBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxDepth: 64, maxElements: 500_000, maxXmlBytes: 32 * 1024 * 1024 };

type State = 'text' | 'tag' | 'comment' | 'cdata' | 'pi' | 'extract' | 'extract-cdata';

const LT = 0x3c;
const GT = 0x3e;
const NL = 0x0a;
const LOOKAHEAD = 16;
const MAX_TAG_BYTES = 64 * 1024;
const COMMENT_END = Buffer.from('-->');
const CDATA_START = Buffer.from('<![CDATA[');
const CDATA_END = Buffer.from(']]>');
const PI_END = Buffer.from('?>');

function countNewlines(buf: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = buf.indexOf(NL, start); i !== -1 && i < end; i = buf.indexOf(NL, i + 1)) count++;
  return count;
}

const startsWith = (buf: Buffer, pos: number, prefix: Buffer): boolean =>
  buf.length - pos >= prefix.length && buf.compare(prefix, 0, prefix.length, pos, pos + prefix.length) === 0;

export class XmlScanner {
  private readonly limits: ScanLimits;
  private state: State = 'text';
  private carry: Buffer | undefined;
  private line = 1;
  private depth = 0;
  private elements = 0;
  private extracted = 0;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private started = false;
  private declaration: string | undefined;
  private readingDeclaration = false;
  private readonly tagParts: Buffer[] = [];
  private tagBytes = 0;
  private tagQuote = 0;
  private sink: ContentSink | undefined;
  private sinkName = '';
  private sinkNewlines = 0;

  constructor(
    private readonly extract?: ExtractRule,
    limits?: Partial<ScanLimits>,
  ) {
    this.limits = { ...DEFAULT_SCAN_LIMITS, ...limits };
  }

  feed(chunk: Buffer): void {
    try {
      this.process(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false);
    } catch (error) {
      this.sink?.abort();
      this.sink = undefined;
      throw error;
    }
  }

  /** Ends the input and returns the kept XML, decoded from its declared encoding. */
  end(): string {
    if (this.carry) this.process(this.carry, true);
    // Unclosed elements are left to the parser, whose message names the element and where it was opened.
    if (this.state !== 'text') {
      this.sink?.abort();
      throw new InvoiceFormatError(`malformed XML: unexpected end of file inside a ${this.state} (line ${this.line})`);
    }
    if (this.elements === 0) throw new InvoiceFormatError('malformed XML: no root element');
    return decodeXmlBytes(Buffer.concat(this.kept, this.keptBytes), this.declaration);
  }

  private fail(message: string): never {
    throw new InvoiceFormatError(`${message} (line ${this.line})`);
  }

  private keep(buf: Buffer | string): void {
    const bytes = typeof buf === 'string' ? Buffer.from(buf, 'utf8') : buf;
    this.keptBytes += bytes.length;
    if (this.keptBytes > this.limits.maxXmlBytes) {
      this.fail(`XML too large: more than ${this.limits.maxXmlBytes} bytes outside attachments`);
    }
    this.kept.push(bytes);
  }

  private consumeLines(buf: Buffer, start: number, end: number): number {
    const n = countNewlines(buf, start, end);
    this.line += n;
    return n;
  }

  private process(buf: Buffer, final: boolean): void {
    this.carry = undefined;
    let pos = 0;
    if (!this.started) {
      if (buf.length < 4 && !final) return void (this.carry = buf);
      this.started = true;
      if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe)) {
        this.fail('unsupported encoding: UTF-16 XML is not accepted');
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    while (pos < buf.length) {
      const next = this.step(buf, pos, final);
      if (next < 0) {
        this.carry = buf.subarray(-next - 1);
        return;
      }
      pos = next;
    }
  }

  /** Handles input from `pos`; returns the next position, or -(pos + 1) to wait for more input from `pos`. */
  private step(buf: Buffer, pos: number, final: boolean): number {
    switch (this.state) {
      case 'text':
        return this.stepText(buf, pos, final);
      case 'tag':
        return this.stepTag(buf, pos);
      case 'comment':
        return this.stepUntil(buf, pos, COMMENT_END, false, () => {
          this.keep('\n'.repeat(this.sinkNewlines));
          this.sinkNewlines = 0;
        });
      case 'cdata':
        return this.stepUntil(buf, pos, CDATA_END, true);
      case 'pi':
        return this.stepUntil(buf, pos, PI_END, true);
      case 'extract':
        return this.stepExtract(buf, pos, final);
      case 'extract-cdata':
        return this.stepUntil(buf, pos, CDATA_END, false, undefined, true);
    }
  }

  private stepText(buf: Buffer, pos: number, final: boolean): number {
    const lt = buf.indexOf(LT, pos);
    const end = lt === -1 ? buf.length : lt;
    if (end > pos) {
      if (this.elements === 0 || this.depth === 0) {
        if (buf.subarray(pos, end).some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) {
          this.fail('malformed XML: text outside the root element');
        }
      }
      this.consumeLines(buf, pos, end);
      this.keep(buf.subarray(pos, end));
    }
    if (lt === -1) return buf.length;
    if (buf.length - lt < LOOKAHEAD && !final) return -(lt + 1);
    const head = buf.toString('latin1', lt, Math.min(buf.length, lt + LOOKAHEAD));
    if (head.startsWith('<!--')) {
      this.state = 'comment';
      this.sinkNewlines = 0;
      return lt + 4;
    }
    if (head.startsWith('<![CDATA[')) {
      if (this.depth === 0) this.fail('malformed XML: CDATA outside the root element');
      this.keep(CDATA_START);
      this.state = 'cdata';
      return lt + CDATA_START.length;
    }
    if (head.startsWith('<!')) {
      const keyword = /^<!([A-Za-z]+)/.exec(head)?.[1]?.toUpperCase() ?? '';
      if (['DOCTYPE', 'ENTITY', 'ELEMENT', 'ATTLIST', 'NOTATION'].includes(keyword)) {
        this.fail(`refused XML: a <!${keyword}> declaration was found; DTDs and entity declarations are not accepted`);
      }
      this.fail(`malformed XML: unexpected "${head.slice(0, 9)}"`);
    }
    if (head.startsWith('<?')) {
      this.state = 'pi';
      this.readingDeclaration = this.kept.length === 0 && /^<\?xml\s/.test(head);
      this.keep(buf.subarray(lt, lt + 2));
      return lt + 2;
    }
    this.state = 'tag';
    this.tagParts.length = 0;
    this.tagBytes = 0;
    this.tagQuote = 0;
    return lt;
  }

  /** Copies (or drops) input up to and including `terminator`, then returns to text (or extract) state. */
  private stepUntil(
    buf: Buffer,
    pos: number,
    terminator: Buffer,
    copy: boolean,
    onEnd?: () => void,
    toSink = false,
  ): number {
    const at = buf.indexOf(terminator, pos);
    // Without the terminator, keep its possible beginning for the next chunk.
    const end = at === -1 ? Math.max(pos, buf.length - (terminator.length - 1)) : at;
    const newlines = this.consumeLines(buf, pos, end);
    if (toSink) {
      this.sink?.write(buf.subarray(pos, end));
      this.sinkNewlines += newlines;
    } else if (copy) {
      this.keep(buf.subarray(pos, end));
      if (this.readingDeclaration) this.declaration = (this.declaration ?? '') + buf.toString('latin1', pos, end);
    } else {
      this.sinkNewlines += newlines;
    }
    if (at === -1) return end === buf.length ? end : -(end + 1);
    if (copy) this.keep(terminator);
    this.readingDeclaration = false;
    this.state = toSink ? 'extract' : 'text';
    onEnd?.();
    return at + terminator.length;
  }

  private stepTag(buf: Buffer, pos: number): number {
    let i = pos;
    for (; i < buf.length; i++) {
      const b = buf[i];
      if (this.tagQuote !== 0) {
        if (b === this.tagQuote) this.tagQuote = 0;
      } else if (b === 0x22 || b === 0x27) {
        this.tagQuote = b;
      } else if (b === GT) {
        break;
      }
    }
    const complete = i < buf.length;
    const part = buf.subarray(pos, complete ? i + 1 : i);
    this.tagBytes += part.length;
    if (this.tagBytes > MAX_TAG_BYTES) this.fail('malformed XML: tag longer than 64 KiB');
    this.tagParts.push(part);
    this.consumeLines(part, 0, part.length);
    if (!complete) return buf.length;
    this.closeTag(Buffer.concat(this.tagParts));
    return i + 1;
  }

  private closeTag(tag: Buffer): void {
    this.keep(tag);
    this.state = 'text';
    const text = tag.toString('utf8');
    const isEnd = text.startsWith('</');
    const name = /^<\/?([^\s/>]+)/.exec(text)?.[1];
    if (!name) this.fail('malformed XML: tag without a name');
    if (isEnd) {
      this.depth--;
      if (this.depth < 0) this.fail(`malformed XML: unexpected closing tag </${name}>`);
      return;
    }
    if (this.depth === 0 && this.elements > 0) this.fail('malformed XML: more than one root element');
    if (++this.elements > this.limits.maxElements) {
      this.fail(`refused XML: more than ${this.limits.maxElements} elements`);
    }
    if (text.endsWith('/>')) return;
    if (++this.depth > this.limits.maxDepth)
      this.fail(`refused XML: elements nested deeper than ${this.limits.maxDepth}`);
    const localName = name.slice(name.indexOf(':') + 1);
    if (this.extract?.localNames.has(localName)) {
      this.sink = this.extract.open({ localName, ordinal: ++this.extracted, line: this.line });
      this.sinkName = name;
      this.sinkNewlines = 0;
      this.state = 'extract';
    }
  }

  private stepExtract(buf: Buffer, pos: number, final: boolean): number {
    const lt = buf.indexOf(LT, pos);
    const end = lt === -1 ? buf.length : lt;
    if (end > pos) {
      this.sinkNewlines += this.consumeLines(buf, pos, end);
      this.sink?.write(buf.subarray(pos, end));
    }
    if (lt === -1) return buf.length;
    const closing = `</${this.sinkName}`;
    if (buf.length - lt < closing.length + LOOKAHEAD && !final) return -(lt + 1);
    if (startsWith(buf, lt, CDATA_START)) {
      this.state = 'extract-cdata';
      return lt + CDATA_START.length;
    }
    const head = buf.toString('utf8', lt, Math.min(buf.length, lt + closing.length + LOOKAHEAD));
    const match = new RegExp(`^${closing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>`).exec(head);
    if (!match) this.fail(`malformed XML: unexpected markup inside <${this.sinkName}>`);
    const placeholder = this.sink?.finish() ?? '';
    this.sink = undefined;
    this.keep(`${placeholder}${'\n'.repeat(this.sinkNewlines)}</${this.sinkName}>`);
    this.depth--;
    this.state = 'text';
    return lt + Buffer.byteLength(match[0], 'utf8');
  }
}
