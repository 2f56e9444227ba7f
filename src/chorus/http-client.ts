/** The got instance shared by the token provider and the transport: no retries, no HTTP errors thrown, timeouts set. */
import got, { type Got } from 'got';

export interface ChorusTimeouts {
  /** TCP + TLS connection. Default 10 s. */
  connectMs?: number;
  /** From the request sent to the answer headers. Default 60 s. */
  responseMs?: number;
  /** Longest silence on the socket while a body streams in. Default 60 s. */
  socketIdleMs?: number;
  /** Total time of a JSON call (not of downloads, which can last long on a slow line). Default 120 s. */
  requestMs?: number;
}

export type RequiredTimeouts = Required<ChorusTimeouts>;

export const DEFAULT_TIMEOUTS: RequiredTimeouts = {
  connectMs: 10_000,
  responseMs: 60_000,
  socketIdleMs: 60_000,
  requestMs: 120_000,
};

export function resolveTimeouts(timeouts: ChorusTimeouts | undefined): RequiredTimeouts {
  const out = {
    ...DEFAULT_TIMEOUTS,
    ...Object.fromEntries(Object.entries(timeouts ?? {}).filter(([, v]) => v !== undefined)),
  };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`Chorus Pro client: timeouts.${key} must be a positive number of milliseconds`);
    }
  }
  return out;
}

/** got's timeout option for a download: idle-socket instead of total, so a big file on a slow line can finish. */
export function streamingTimeout(t: RequiredTimeouts) {
  return {
    lookup: t.connectMs,
    connect: t.connectMs,
    secureConnect: t.connectMs,
    send: t.responseMs,
    response: t.responseMs,
    socket: t.socketIdleMs,
  };
}

/** got's timeout option for a bounded call (token, JSON calls): the download's, plus a total. */
export function boundedTimeout(t: RequiredTimeouts) {
  return { ...streamingTimeout(t), request: t.requestMs };
}

export function createHttpClient(): Got {
  return got.extend({
    // Retries belong to the caller (Temporal activities), which sees the classified error.
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    headers: { 'user-agent': 'chorus-pro-gateway-in' },
  });
}
