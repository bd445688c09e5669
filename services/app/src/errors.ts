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

/** No valid session or key: transports answer 401 and never say which part was wrong. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** The caller is known but may not do this (tRPC FORBIDDEN / HTTP 403). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** Too many requests (a key past its rate, too many failed sign-ins); retry after `retryAfterS`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
  }
}

/** The request conflicts with the stored state (e.g. a stale base version); nothing was written. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
