import type { CursorStore } from '../src/store/cursor-store.ts';
import type { SerialRunner } from '../src/gateway/serial-runner.ts';
import type { FileStore } from '../src/store/file-store.ts';
import type { ChorusClientPool } from './chorus-clients.ts';

export interface ActivityDeps {
  store: FileStore;
  cursors: CursorStore;
  chorus: ChorusClientPool;
  /** Where the worker's conversions take turns (one per worker process). */
  conversions: SerialRunner;
}
