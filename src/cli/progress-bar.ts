/** One line redrawn in place on a terminal, or plain lines when the output is a file or a pipe. */
export function progressLine(done: number, total: number, detail: string, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${detail}`;
}

export function printProgress(line: string, stream: NodeJS.WriteStream = process.stdout): void {
  if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
  else stream.write(`${line}\n`);
}
