import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type Reply } from './http-io.ts';

/** PISTE application (OAuth client) plus Chorus Pro technical account (`cpro-account`). */
export interface SimulatorCredentials {
  clientId: string;
  clientSecret: string;
  login: string;
  password: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface AuthConfig {
  credentials: SimulatorCredentials;
  /** An application registered on PISTE but not subscribed to the Chorus Pro APIs: it gets tokens, then 403s. */
  unsubscribedClient: ClientCredentials;
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();

  issue(clientId: string, lifetimeSeconds: number, now = Date.now()): string {
    if (this.#tokens.size > 1000) {
      for (const [token, issued] of this.#tokens) if (issued.expiresAt <= now) this.#tokens.delete(token);
    }
    const token = randomBytes(30).toString('base64url');
    this.#tokens.set(token, { clientId, expiresAt: now + lifetimeSeconds * 1000 });
    return token;
  }

  lookup(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }
}

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { error, error_description: description }, headers);
}

function basicClient(headers: IncomingHttpHeaders): ClientCredentials | null {
  const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

export interface TokenResult {
  reply: Reply;
  issued: boolean;
}

/** `POST /api/oauth/token` (client_credentials), form-encoded; client authentication in the body or HTTP Basic. */
export function handleTokenRequest(
  headers: IncomingHttpHeaders,
  rawBody: string,
  config: AuthConfig,
  store: TokenStore,
  lifetimeSeconds: number,
): TokenResult {
  const form = new URLSearchParams(rawBody);
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    const description = grantType ? `Unsupported grant type: ${grantType}` : 'Missing grant_type parameter';
    return { reply: oauthError(400, 'unsupported_grant_type', description), issued: false };
  }
  const basic = basicClient(headers);
  const clientId = basic?.clientId ?? form.get('client_id') ?? '';
  const clientSecret = basic?.clientSecret ?? form.get('client_secret') ?? '';
  const known = [config.credentials, config.unsubscribedClient].find(
    (client) => client.clientId === clientId && client.clientSecret === clientSecret,
  );
  if (!known) {
    const challenge: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="PISTE"' } : {};
    return { reply: oauthError(401, 'invalid_client', 'Client authentication failed', challenge), issued: false };
  }
  const token = store.issue(known.clientId, lifetimeSeconds);
  return {
    reply: jsonReply(
      200,
      { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds, scope: 'openid' },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    ),
    issued: true,
  };
}

function invalidToken(description: string): Reply {
  return oauthError(401, 'invalid_token', description, {
    'WWW-Authenticate': `Bearer realm="PISTE",error="invalid_token",error_description="${description}"`,
  });
}

/** Checks both credentials of a `/cpro/**` call, in PISTE's order; returns the refusal, or null when allowed. */
export function authorizeApiCall(
  headers: IncomingHttpHeaders,
  config: AuthConfig,
  store: TokenStore,
  now = Date.now(),
): Reply | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return invalidToken('The access token is missing');
  const issued = store.lookup(match[1]);
  if (!issued) return invalidToken('The access token is invalid');
  if (issued.expiresAt <= now) return invalidToken('The access token expired');
  // The gateway refuses applications without an API subscription before Chorus Pro sees the call: no body at all.
  if (issued.clientId !== config.credentials.clientId) return { status: 403 };
  const account = headers['cpro-account'];
  const expected = `${config.credentials.login}:${config.credentials.password}`;
  const decoded = typeof account === 'string' ? Buffer.from(account.trim(), 'base64').toString('utf8') : '';
  if (decoded !== expected) {
    return jsonReply(
      401,
      { codeRetour: 401, libelle: "Impossible d'authentifier l'utilisateur dans le LDAP." },
      {
        'WWW-Authenticate':
          'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"',
      },
    );
  }
  return null;
}
