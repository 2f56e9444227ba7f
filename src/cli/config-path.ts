import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** `--config`, else $CHORUS_GATEWAY_CONFIG, else ./gateways.json when it exists. */
export function configPath(flag: string | undefined): string | undefined {
  const explicit = flag ?? process.env.CHORUS_GATEWAY_CONFIG;
  if (explicit) return resolve(explicit);
  const fallback = resolve('gateways.json');
  return existsSync(fallback) ? fallback : undefined;
}
