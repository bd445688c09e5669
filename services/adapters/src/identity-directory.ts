import { getMember } from './dynamo/identity/members';
import { verifyApiKey } from './dynamo/identity/api-keys';
import { hitRateWindow, peekRateWindow, type RateWindowHit } from './dynamo/identity/rate-window';
import type { FleetStore } from './dynamo/store';
import type { ApiKeyScope, MemberView } from '@ampfleet/domain';

// What authentication needs before an organisation is known: a presented key → its organisation, a
// verified token's (organisation, subject) → the member record, and shared rate counters. Nothing here
// lists or returns another organisation's data; the answers only establish who is calling.

export interface IdentityDirectory {
  verifyApiKey(
    keyId: string,
    secret: string,
  ): Promise<{ orgId: string; keyId: string; scopes: ApiKeyScope[]; ratePerMinute: number } | undefined>;
  memberOf(orgId: string, userId: string): Promise<MemberView | undefined>;
  /** Counts one event for `subject` in the current window of `windowS` seconds. */
  hitRate(subject: string, windowS: number, nowEpochS: number): Promise<RateWindowHit>;
  peekRate(subject: string, windowS: number, nowEpochS: number): Promise<RateWindowHit>;
}

export function identityDirectory(store: FleetStore): IdentityDirectory {
  const { doc, table } = store;
  return Object.freeze({
    verifyApiKey: (keyId: string, secret: string) => verifyApiKey(doc, table, keyId, secret),
    memberOf: (orgId: string, userId: string) => getMember(doc, table, orgId, userId),
    hitRate: (subject: string, windowS: number, nowEpochS: number) =>
      hitRateWindow(doc, table, subject, windowS, nowEpochS),
    peekRate: (subject: string, windowS: number, nowEpochS: number) =>
      peekRateWindow(doc, table, subject, windowS, nowEpochS),
  });
}
