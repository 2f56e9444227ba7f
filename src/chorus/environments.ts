/** PISTE hosts of Chorus Pro (API-REFERENCE §1.2), plus custom endpoints for the simulator and tests. */

export type ChorusEnvironment = 'production' | 'qualification' | { apiBaseUrl: string; tokenUrl: string };

export interface ResolvedEnvironment {
  name: 'production' | 'qualification' | 'custom';
  /** Without a trailing slash; API paths (`/cpro/...`) are appended to it. */
  apiBaseUrl: string;
  tokenUrl: string;
}

export const PISTE_ENVIRONMENTS = {
  production: {
    name: 'production',
    apiBaseUrl: 'https://api.piste.gouv.fr',
    tokenUrl: 'https://oauth.piste.gouv.fr/api/oauth/token',
  },
  qualification: {
    name: 'qualification',
    apiBaseUrl: 'https://sandbox-api.piste.gouv.fr',
    tokenUrl: 'https://sandbox-oauth.piste.gouv.fr/api/oauth/token',
  },
} as const satisfies Record<string, ResolvedEnvironment>;

function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Chorus Pro environment: ${what} is not a valid URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Chorus Pro environment: ${what} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new TypeError(`Chorus Pro environment: ${what} must not embed credentials`);
  }
  return value.replace(/\/+$/, '');
}

export function resolveEnvironment(environment: ChorusEnvironment): ResolvedEnvironment {
  if (environment === 'production' || environment === 'qualification') return { ...PISTE_ENVIRONMENTS[environment] };
  if (typeof environment !== 'object' || environment === null) {
    throw new TypeError(
      `Chorus Pro environment must be 'production', 'qualification' or { apiBaseUrl, tokenUrl }, got ${String(environment)}`,
    );
  }
  return {
    name: 'custom',
    apiBaseUrl: checkUrl(environment.apiBaseUrl, 'apiBaseUrl'),
    tokenUrl: checkUrl(environment.tokenUrl, 'tokenUrl'),
  };
}
