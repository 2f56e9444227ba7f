import { concatSources, randomBytesSource, type ByteSource, type SourcePart } from '../stream/byte-source.ts';

/**
 * A small, valid one-page PDF (Helvetica text). When a target size is given, an unreferenced stream object of
 * pseudo-random bytes pads the file to exactly that size, so large attachments cost no memory.
 */

function pdfText(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.replace(/([\\()])/g, '\\$1');
}

function contentStream(title: string, lines: readonly string[]): string {
  const body = lines
    .slice(0, 60)
    .map((line) => `(${pdfText(line)}) Tj T*`)
    .join('\n');
  return `BT /F1 16 Tf 50 800 Td (${pdfText(title)}) Tj ET\nBT /F1 9 Tf 50 770 Td 12 TL\n${body}\nET\n`;
}

export function buildPdf(
  title: string,
  lines: readonly string[],
  targetBytes: number | null,
  fillerSeed: number,
): ByteSource {
  const content = contentStream(title, lines);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  let head = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(head, 'latin1'));
    head += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const headBytes = Buffer.from(head, 'latin1');

  const tail = (fillerOffset: number | null, xrefOffset: number): string => {
    const all = fillerOffset === null ? offsets : [...offsets, fillerOffset];
    const entries = all.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
    return (
      `xref\n0 ${all.length + 1}\n0000000000 65535 f \n${entries}` +
      `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`
    );
  };

  const fillerNumber = objects.length + 1;
  const fillerHeader = (length: number): string => `${fillerNumber} 0 obj\n<< /Length ${length} >>\nstream\n`;
  const fillerFooter = '\nendstream\nendobj\n';
  const paddedSize = (length: number): number => {
    const xrefOffset = headBytes.length + fillerHeader(length).length + length + fillerFooter.length;
    return xrefOffset + tail(headBytes.length, xrefOffset).length;
  };

  if (targetBytes === null || targetBytes < paddedSize(0)) {
    return concatSources([headBytes, tail(null, headBytes.length)]);
  }
  // The overhead grows with the digits of the filler length and of startxref: settle on the largest length that fits,
  // then make up the last byte or two with end-of-line characters after %%EOF, which readers ignore.
  let length = targetBytes - paddedSize(0);
  for (let round = 0; round < 4 && paddedSize(length) !== targetBytes; round++) {
    length += targetBytes - paddedSize(length);
  }
  while (length > 0 && paddedSize(length) > targetBytes) length--;
  const slack = targetBytes - paddedSize(length);
  const xrefOffset = headBytes.length + fillerHeader(length).length + length + fillerFooter.length;
  const parts: SourcePart[] = [
    headBytes,
    fillerHeader(length),
    randomBytesSource(fillerSeed, length),
    fillerFooter,
    tail(headBytes.length, xrefOffset) + '\n'.repeat(slack),
  ];
  return concatSources(parts);
}
