import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type GatewayConfig, GatewayFileSchema } from './gateway-config.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `gateways[0].schedule.cron` style paths, so the user finds the field in the file. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

export function formatIssues(issues: readonly z.core.$ZodIssue[], source: string): string {
  const lines = issues.map((issue) => {
    const where = formatPath(issue.path) || '(top level)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : issue.message;
    return `  - ${where}: ${message}`;
  });
  return `Invalid gateway configuration in ${source}:\n${lines.join('\n')}`;
}

export function parseGatewayFile(content: unknown, source: string): GatewayConfig[] {
  const parsed = GatewayFileSchema.safeParse(content);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, source));
  return parsed.data.gateways;
}

export async function loadGatewayFile(path: string): Promise<GatewayConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read the gateway configuration ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`The gateway configuration ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseGatewayFile(json, path);
}
