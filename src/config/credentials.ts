import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, formatIssues } from './load-config.ts';

export interface Credentials {
  clientId: string;
  clientSecret: string;
  login: string;
  password: string;
}

const CredentialsSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  login: z.string().min(1),
  password: z.string().min(1),
});
const SecretsFileSchema = z.record(z.string(), CredentialsSchema);

const FIELDS = { clientId: 'CLIENT_ID', clientSecret: 'CLIENT_SECRET', login: 'LOGIN', password: 'PASSWORD' } as const;

/** The environment variables that hold credential set `name`, e.g. CHORUS_MAIRIE_CLIENT_ID. */
export function credentialVariables(name: string): Record<keyof Credentials, string> {
  const prefix = `CHORUS_${name.toUpperCase()}_`;
  return {
    clientId: prefix + FIELDS.clientId,
    clientSecret: prefix + FIELDS.clientSecret,
    login: prefix + FIELDS.login,
    password: prefix + FIELDS.password,
  };
}

/** The environment entries that expose a credential set to a worker under `name`. */
export function credentialEnv(name: string, credentials: Credentials): Record<string, string> {
  const variables = credentialVariables(name);
  return {
    [variables.clientId]: credentials.clientId,
    [variables.clientSecret]: credentials.clientSecret,
    [variables.login]: credentials.login,
    [variables.password]: credentials.password,
  };
}

export interface CredentialSources {
  env?: NodeJS.ProcessEnv;
  /** JSON file `{ "<name>": { clientId, clientSecret, login, password } }`; defaults to $CHORUS_SECRETS_FILE. */
  secretsFile?: string;
}

/**
 * Resolves a credential set by name, on the worker (and at deploy time to refuse a gateway that could never run).
 * Secrets never travel through Temporal: workflow inputs carry only the name.
 */
export class CredentialResolver {
  private readonly env: NodeJS.ProcessEnv;
  private readonly secretsFile: string | undefined;

  constructor(sources: CredentialSources = {}) {
    this.env = sources.env ?? process.env;
    this.secretsFile = sources.secretsFile ?? this.env.CHORUS_SECRETS_FILE;
  }

  resolve(name: string): Credentials {
    const variables = credentialVariables(name);
    const fromEnv = {
      clientId: this.env[variables.clientId],
      clientSecret: this.env[variables.clientSecret],
      login: this.env[variables.login],
      password: this.env[variables.password],
    };
    const present = Object.values(fromEnv).filter(Boolean).length;
    if (present === 4) return fromEnv as Credentials;
    const fromFile = this.readSecretsFile()?.[name];
    if (present === 0 && fromFile) return fromFile;
    const missing = (Object.keys(variables) as (keyof Credentials)[])
      .filter((key) => !fromEnv[key])
      .map((key) => variables[key]);
    const fileHint = this.secretsFile
      ? `, or an entry "${name}" in ${this.secretsFile}`
      : ', or an entry in the JSON file named by CHORUS_SECRETS_FILE';
    throw new ConfigError(
      `Credentials "${name}" are not available to this process: set ${missing.join(', ')}${fileHint} ` +
        `(PISTE client id and secret, Chorus Pro technical account login and password).`,
    );
  }

  private readSecretsFile(): Record<string, Credentials> | undefined {
    if (!this.secretsFile) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.secretsFile, 'utf8'));
    } catch (err) {
      throw new ConfigError(`Cannot read the secrets file ${this.secretsFile}: ${(err as Error).message}`);
    }
    const parsed = SecretsFileSchema.safeParse(json);
    if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, this.secretsFile));
    return parsed.data;
  }
}
