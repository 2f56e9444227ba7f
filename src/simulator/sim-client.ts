import type { SimulatorCredentials } from './auth.ts';

/**
 * A deliberately small client for the simulator's own tests, demos and benchmarks. It is not the product's Chorus Pro
 * client (src/chorus): it does no retries and no error classification, so tests see the raw answers.
 */

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface SimulatorEndpoints {
  url: string;
  tokenUrl: string;
  credentials: SimulatorCredentials;
}

export function cproAccountHeader(login: string, password: string): string {
  return Buffer.from(`${login}:${password}`).toString('base64');
}

export async function requestToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid',
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export class SimulatorClient {
  #token: string | undefined;

  constructor(private readonly endpoints: SimulatorEndpoints) {}

  async token(): Promise<string> {
    if (this.#token) return this.#token;
    const { credentials, tokenUrl } = this.endpoints;
    const answer = await requestToken(tokenUrl, credentials.clientId, credentials.clientSecret);
    if (answer.status !== 200 || typeof answer.body.access_token !== 'string') {
      throw new Error(`token request failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    this.#token = answer.body.access_token;
    return this.#token;
  }

  forgetToken(): void {
    this.#token = undefined;
  }

  async headers(): Promise<Record<string, string>> {
    const { login, password } = this.endpoints.credentials;
    return {
      Authorization: `Bearer ${await this.token()}`,
      'cpro-account': cproAccountHeader(login, password),
      'Content-Type': 'application/json;charset=utf-8',
    };
  }

  /** POST a JSON body (or a raw string, sent as is) to a /cpro path. */
  async post(path: string, body: unknown): Promise<RawAnswer> {
    const response = await fetch(this.endpoints.url + path, {
      method: 'POST',
      headers: await this.headers(),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const answer = await this.post(path, body);
    return { status: answer.status, body: JSON.parse(answer.text) as T };
  }

  /** Downloads invoices with telecharger/groupe and returns the decoded `fichierResultat`. */
  async download(
    ids: number[],
    format: 'PIVOT' | 'PDF' = 'PIVOT',
    extra: Record<string, unknown> = {},
  ): Promise<Buffer> {
    const answer = await this.postJson<{ codeRetour: number; fichierResultat?: string }>(
      '/cpro/factures/v1/telecharger/groupe',
      {
        format,
        listeFacture: ids.map((idFacture) => ({ idFacture })),
        ...extra,
      },
    );
    if (answer.status !== 200 || typeof answer.body.fichierResultat !== 'string') {
      throw new Error(`download failed: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    return Buffer.from(answer.body.fichierResultat, 'base64');
  }
}
