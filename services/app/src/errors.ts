import type { FieldIssue } from '@ampfleet/domain';

// Named errors of the use cases; transports map them (tRPC NOT_FOUND / BAD_REQUEST, Lambda logs).

/** The thing does not exist in the caller's organisation (also what another org's site looks like). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request is invalid; `issues` name the bad fields. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(
    message: string,
    readonly issues: FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
