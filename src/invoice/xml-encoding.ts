import { InvoiceFormatError } from './errors.ts';

/**
 * Decodes the XML kept by the scanner from the encoding its declaration names (UTF-8 when none). Decoding is strict:
 * bytes that are not valid in that encoding are an error rather than replacement characters in an invoice.
 */
export function decodeXmlBytes(bytes: Buffer, declaration: string | undefined): string {
  const declared = declaration === undefined ? undefined : /encoding\s*=\s*["']([^"']+)["']/.exec(declaration);
  const label = (declared?.[1] ?? 'utf-8').toLowerCase();
  if (/^utf-?16/.test(label))
    throw new InvoiceFormatError(`unsupported encoding "${label}": UTF-16 XML is not accepted`);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new InvoiceFormatError(`unsupported encoding "${label}" in the XML declaration`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InvoiceFormatError(`malformed XML: bytes that are not valid ${label}`);
  }
}
