import type { ActivityDeps } from './deps.ts';

export interface CursorInput {
  gatewayId: string;
  scope: string;
}

export function makeLoadCursor({ cursors }: ActivityDeps) {
  return async function loadCursor({ gatewayId, scope }: CursorInput): Promise<string | undefined> {
    return (await cursors.read(gatewayId, scope))?.cursor;
  };
}

export function makeSaveCursor({ cursors }: ActivityDeps) {
  return async function saveCursor({ gatewayId, scope, cursor }: CursorInput & { cursor: string }): Promise<void> {
    await cursors.write(gatewayId, scope, cursor);
  };
}
