/** The data store could not be reached or refused a request; the caller may retry. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A stored item does not match its contract (written by another version, or corrupted). */
export class StoredItemInvalidError extends Error {
  override readonly name = 'StoredItemInvalidError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
