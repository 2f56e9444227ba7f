import type { BlobRef } from '../store/types.ts';

export interface StoredAttachment {
  originalName: string;
  storedName: string;
  mimeType: string;
  kind: 'main' | 'complementary';
  category?: string;
  blob: BlobRef;
}

export interface ConversionReport {
  /** 'ubl' asked and produced, or asked and refused (then the pivot is the message). */
  ok: boolean;
  source?: 'passthrough' | 'cii' | 'pivot';
  warnings: string[];
  errors: { rule?: string; field?: string; message: string }[];
  missingFields: string[];
}

/** What the convert activity hands to the store: references to files, never their bytes. */
export interface ConvertedInvoice {
  message: { name: string; format: 'pivot' | 'ubl'; blob: BlobRef };
  attachments: StoredAttachment[];
  /** Present when UBL output was asked for. */
  conversion?: ConversionReport;
  pivotWarnings: string[];
  /** Blobs to delete once delivered. */
  discard: BlobRef[];
}

export const MESSAGE_NAME = 'message.xml';
