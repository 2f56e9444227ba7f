import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizeApiCall, handleTokenRequest, type AuthConfig, type TokenStore } from './auth.ts';
import type { FaultInjector, RequestFault } from './faults.ts';
import { BodyTooLargeError, jsonReply, readBody, writeReply, type Reply } from './http-io.ts';
import { handleAdmin } from './routes/admin.ts';
import { API_ROUTES } from './routes/api-routes.ts';
import { badRequest } from './routes/validation.ts';
import type { SimulatorState } from './state.ts';

export const TOKEN_PATH = '/api/oauth/token';

export interface HandlerDeps {
  state: SimulatorState;
  faults: FaultInjector;
  tokens: TokenStore;
  auth: AuthConfig;
  tokenLifetimeSeconds: number;
  maxResultBytes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function faultReply(fault: RequestFault): Reply {
  if (fault.kind === 'rate-limit') {
    return jsonReply(
      429,
      { error: 'too_many_requests', error_description: 'Quota de requêtes dépassé, réessayez plus tard.' },
      { 'Retry-After': String(fault.retryAfterSeconds) },
    );
  }
  // Gateways answer 502/503 with HTML, the backend 500 with JSON: clients must not assume a JSON error body.
  if (fault.status === 500) return jsonReply(500, { codeRetour: 500, libelle: 'Erreur technique interne.' });
  const text = fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  return {
    status: fault.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<html><head><title>${fault.status} ${text}</title></head><body><h1>${text}</h1></body></html>\n`,
  };
}

function parseJsonBody(raw: string): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (raw.trim() === '')
    return { ok: false, reply: badRequest('Corps de requête absent : un objet JSON est attendu.') };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { ok: false, reply: badRequest(`Corps de requête JSON illisible : ${(error as Error).message}`) };
  }
}

/** Everything after latency and random faults: token endpoint, authentication, routing, the operation itself. */
function answer(
  req: IncomingMessage,
  path: string,
  rawBody: string,
  deps: HandlerDeps,
): { route: string; reply: Reply } {
  const method = req.method ?? 'GET';
  if (path === TOKEN_PATH) {
    const route = `POST ${TOKEN_PATH}`;
    if (method !== 'POST')
      return { route, reply: { ...jsonReply(405, { error: 'invalid_request' }), headers: { Allow: 'POST' } } };
    const lifetime = deps.faults.options.tokenLifetimeSeconds || deps.tokenLifetimeSeconds;
    const result = handleTokenRequest(req.headers, rawBody, deps.auth, deps.tokens, lifetime);
    if (result.issued) deps.state.recordToken();
    return { route, reply: result.reply };
  }
  if (!path.startsWith('/cpro/')) return { route: 'UNMATCHED', reply: jsonReply(404, { error: 'not_found' }) };
  const refusal = authorizeApiCall(req.headers, deps.auth, deps.tokens);
  const known = API_ROUTES.get(path);
  const route = known ? `${known.method} ${path}` : 'UNMATCHED';
  if (refusal) return { route, reply: refusal };
  if (!known) return { route, reply: jsonReply(404, { codeRetour: 404, libelle: `Ressource inconnue : ${path}` }) };
  if (known.method !== method) {
    return {
      route,
      reply: {
        ...jsonReply(405, { codeRetour: 405, libelle: `Méthode ${method} non supportée` }),
        headers: { Allow: known.method },
      },
    };
  }
  let body: unknown;
  if (known.method === 'POST') {
    const parsed = parseJsonBody(rawBody);
    if (!parsed.ok) return { route, reply: parsed.reply };
    body = parsed.value;
  }
  return {
    route,
    reply: known.handler({ state: deps.state, faults: deps.faults, body, maxResultBytes: deps.maxResultBytes }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HandlerDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://simulator').pathname;
  let rawBody: string;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return writeReply(res, jsonReply(413, { codeRetour: 413, libelle: error.message }), 0);
    throw error;
  }
  if (path.startsWith('/admin/')) return writeReply(res, handleAdmin(req.method ?? 'GET', path, rawBody, deps), 0);

  const options = deps.faults.options;
  if (options.latencyMs > 0) await sleep(options.latencyMs);
  const fault = deps.faults.drawRequestFault();
  let route: string;
  let reply: Reply;
  if (fault) {
    deps.state.recordFault(fault.kind);
    const matched = path === TOKEN_PATH ? `POST ${TOKEN_PATH}` : API_ROUTES.get(path);
    route = typeof matched === 'string' ? matched : matched ? `${matched.method} ${path}` : 'UNMATCHED';
    reply = faultReply(fault);
  } else {
    ({ route, reply } = answer(req, path, rawBody, deps));
  }
  deps.state.recordRequest(route, reply.status);
  await writeReply(res, reply, options.bytesPerSecond);
}

export function createRequestListener(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      console.error('[simulator] request failed:', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify({ codeRetour: 500, libelle: 'Erreur interne du simulateur.' }));
      } else {
        res.destroy();
      }
    });
  };
}
