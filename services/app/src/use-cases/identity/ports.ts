import type { IdentityDirectory, IdentityProvider, TokenVerifier } from '@ampfleet/adapters';
import type { Clock, Repositories } from '../../ports';

/** What authentication and sign-in run over: the identity provider, the directory, and org repositories. */
export interface IdentityContext {
  clock: Clock;
  directory: IdentityDirectory;
  verifier: TokenVerifier;
  provider: IdentityProvider;
  /** Repositories of the organisation a verified identity belongs to (for its member record and audit). */
  reposFor(orgId: string): Repositories;
}

/** Failed sign-ins allowed per e-mail address, and per client address, in one window. */
export const SIGN_IN_FAILURES_PER_EMAIL = 5;
export const SIGN_IN_FAILURES_PER_CLIENT = 20;
export const SIGN_IN_WINDOW_S = 15 * 60;
/** The window of API key rates. */
export const API_KEY_RATE_WINDOW_S = 60;
