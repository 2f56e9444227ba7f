import type { FaultInjector } from '../faults.ts';
import type { Reply } from '../http-io.ts';
import type { SimulatorState } from '../state.ts';

export interface RouteContext {
  state: SimulatorState;
  faults: FaultInjector;
  /** The parsed JSON body (POST routes) or undefined. */
  body: unknown;
  /** Largest `fichierResultat` (decoded) a download may return before answering 413. */
  maxResultBytes: number;
}

export type RouteHandler = (context: RouteContext) => Reply;
