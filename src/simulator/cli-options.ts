import { parseArgs } from 'node:util';
import type { FaultOptions } from './faults.ts';
import type { SimulatorOptions } from './server.ts';

export const USAGE = `Usage: npx tsx src/simulator/main.ts [options]

  --port <n>                 port to listen on (default 8787; 0 = random)
  --host <addr>              address to bind (default 127.0.0.1)
  --seed <n>                 data and fault seed (default 1)
  --invoices <n>             invoices present at start (default 25)
  --reference-date <iso>     "now" for the generated history (default: now)
  --recipients <n>           recipient structures (default 1)
  --deposit-spread-days <n>  initial deposits spread over that many days (default 10)
  --pre-downloaded <share>   share of initial invoices already downloaded (default 0)
  --token-lifetime <s>       token lifetime in seconds (default 3600)
  --add-every <duration>     deposit new invoices periodically, e.g. 30s, 2m, 500ms
  --add-count <n>            invoices per periodic deposit (default 1)
  --attachment-bytes <size>  main attachment size of periodic invoices, e.g. 30k, 100M
Faults (all off by default; change them later with PUT /admin/faults):
  --fault-5xx <share>        share of 500/502/503 answers
  --fault-429 <share>        share of 429 answers
  --retry-after <s>          Retry-After of 429 answers (default 1)
  --latency <ms>             added to every call
  --bytes-per-second <size>  response body throttle, e.g. 64k
  --short-token <s>          token lifetime override, in seconds
  --fault-truncated <share>  share of downloads with truncated base64
  --fault-malformed <share>  share of PIVOT downloads with malformed XML
  --oversized <ids>          comma-separated idFacture whose main attachment becomes large
  --oversized-bytes <size>   size of those attachments (default 130M)
  --help`;

export interface CliOptions {
  help: boolean;
  simulator: SimulatorOptions;
  addEveryMs: number | null;
  addCount: number;
  attachmentBytes: number | undefined;
}

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`invalid duration ${JSON.stringify(text)} (examples: 500ms, 30s, 2m, 1h)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
  return Math.round(Number(match[1]) * factor);
}

/** Byte sizes with binary suffixes: 30k = 30 KiB, 100M = 100 MiB. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(text.trim());
  if (!match) throw new Error(`invalid size ${JSON.stringify(text)} (examples: 30000, 30k, 100M)`);
  const unit = (match[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const factor = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1;
  return Math.round(Number(match[1]) * factor);
}

function number(text: string, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`--${name}: expected a number in [${min}, ${max}], got ${text}`);
  return value;
}

export function parseCliOptions(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string' },
      seed: { type: 'string' },
      invoices: { type: 'string' },
      'reference-date': { type: 'string' },
      recipients: { type: 'string' },
      'deposit-spread-days': { type: 'string' },
      'pre-downloaded': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'add-every': { type: 'string' },
      'add-count': { type: 'string' },
      'attachment-bytes': { type: 'string' },
      'fault-5xx': { type: 'string' },
      'fault-429': { type: 'string' },
      'retry-after': { type: 'string' },
      latency: { type: 'string' },
      'bytes-per-second': { type: 'string' },
      'short-token': { type: 'string' },
      'fault-truncated': { type: 'string' },
      'fault-malformed': { type: 'string' },
      oversized: { type: 'string' },
      'oversized-bytes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const faults: Partial<FaultOptions> = {};
  if (values['fault-5xx'] !== undefined) faults.serverErrorRate = number(values['fault-5xx'], 'fault-5xx', 0, 1);
  if (values['fault-429'] !== undefined) faults.rateLimitRate = number(values['fault-429'], 'fault-429', 0, 1);
  if (values['retry-after'] !== undefined)
    faults.retryAfterSeconds = Math.round(number(values['retry-after'], 'retry-after'));
  if (values.latency !== undefined) faults.latencyMs = Math.round(number(values.latency, 'latency'));
  if (values['bytes-per-second'] !== undefined) faults.bytesPerSecond = parseSize(values['bytes-per-second']);
  if (values['short-token'] !== undefined)
    faults.tokenLifetimeSeconds = Math.round(number(values['short-token'], 'short-token', 1));
  if (values['fault-truncated'] !== undefined)
    faults.truncatedDownloadRate = number(values['fault-truncated'], 'fault-truncated', 0, 1);
  if (values['fault-malformed'] !== undefined)
    faults.malformedPivotRate = number(values['fault-malformed'], 'fault-malformed', 0, 1);
  if (values.oversized !== undefined) {
    faults.oversizedInvoiceIds = values.oversized
      .split(',')
      .filter(Boolean)
      .map((id) => Math.round(number(id, 'oversized')));
  }
  if (values['oversized-bytes'] !== undefined) faults.oversizedBytes = parseSize(values['oversized-bytes']);

  const simulator: SimulatorOptions = { port: Math.round(number(values.port, 'port', 0, 65535)), faults };
  if (values.host !== undefined) simulator.host = values.host;
  if (values.seed !== undefined) simulator.seed = Math.round(number(values.seed, 'seed'));
  if (values.invoices !== undefined) simulator.invoiceCount = Math.round(number(values.invoices, 'invoices'));
  if (values['reference-date'] !== undefined) {
    const date = new Date(values['reference-date']);
    if (Number.isNaN(date.getTime())) throw new Error(`--reference-date: invalid date ${values['reference-date']}`);
    simulator.referenceDate = date;
  }
  if (values.recipients !== undefined)
    simulator.recipientCount = Math.round(number(values.recipients, 'recipients', 1, 3));
  if (values['deposit-spread-days'] !== undefined)
    simulator.depositSpreadDays = number(values['deposit-spread-days'], 'deposit-spread-days');
  if (values['pre-downloaded'] !== undefined)
    simulator.preDownloadedShare = number(values['pre-downloaded'], 'pre-downloaded', 0, 1);
  if (values['token-lifetime'] !== undefined)
    simulator.tokenLifetimeSeconds = Math.round(number(values['token-lifetime'], 'token-lifetime', 1));
  return {
    help: values.help === true,
    simulator,
    addEveryMs: values['add-every'] !== undefined ? parseDuration(values['add-every']) : null,
    addCount: values['add-count'] !== undefined ? Math.round(number(values['add-count'], 'add-count', 1)) : 1,
    attachmentBytes: values['attachment-bytes'] !== undefined ? parseSize(values['attachment-bytes']) : undefined,
  };
}
