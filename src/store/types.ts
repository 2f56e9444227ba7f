/** A stored file, passed between activities instead of its bytes (Temporal payloads stay small). */
export interface BlobRef {
  key: string;
  bytes: number;
  sha256: string;
}

export type StoredFileRole = 'message' | 'metadata' | 'attachment';

export interface StoredFile {
  name: string;
  role: StoredFileRole;
  bytes: number;
  sha256: string;
}

/** Written last into a message folder: its presence is the commit point and the durable dedupe record. */
export interface Manifest {
  version: 1;
  gatewayId: string;
  invoiceId: number;
  /** Dedupe scope of the gateway deployment that delivered it; a re-created gateway has a new one. */
  scope: string;
  deliveredAt: string;
  files: StoredFile[];
}

export interface Delivery {
  gatewayId: string;
  invoiceId: number;
  scope: string;
  /** Files to move into the message folder, by the name they get there. */
  files: { name: string; role: Exclude<StoredFileRole, 'metadata'>; blob: BlobRef }[];
  metadata: Record<string, unknown>;
  /** Blobs no longer needed once the delivery is committed (e.g. the pivot a UBL replaced). */
  discard?: BlobRef[];
}
