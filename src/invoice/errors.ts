/**
 * Refused or malformed input (pivot, attachment, ZIP, PDF or XML). The message says what is wrong and, when known,
 * where (line, attachment number), so that a user can act on it; activities map it to a non-retryable failure.
 */
export class InvoiceFormatError extends Error {
  override readonly name = 'InvoiceFormatError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
