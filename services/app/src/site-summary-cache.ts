import type { SiteSummary } from '@ampfleet/domain';

// A per-organisation read model of the site summaries for a console process serving many list pages.
// Reading every site item of an organisation costs a keys Query and BatchGets (≈1 s for 2,000 sites on DynamoDB
// Local), so pages are served from memory: a read younger than 2 s is served as is; an older one (up to
// 30 s) is served while ONE fresh read runs in the background (stale-while-revalidate); past 30 s, or
// when nothing was read yet, the request waits for the read. A failed read is never remembered.

export interface SiteSummaryCache {
  get(orgId: string, read: () => Promise<SiteSummary[]>): Promise<SiteSummary[]>;
  /** The background read under way for the organisation, if any (for tests and clean shutdown). */
  refreshing(orgId: string): Promise<void> | undefined;
}

export const MAX_SUMMARY_AGE_MS = 2000;
export const MAX_STALE_SUMMARY_AGE_MS = 30_000;

interface Entry {
  /** When the read that produced `summaries` started (its data is at least this fresh). */
  at: number;
  summaries: Promise<SiteSummary[]>;
  settled: boolean;
  refresh?: Promise<void>;
}

export function siteSummaryCache(
  nowMs: () => number,
  maxAgeMs = MAX_SUMMARY_AGE_MS,
  maxStaleMs = MAX_STALE_SUMMARY_AGE_MS,
): SiteSummaryCache {
  const entries = new Map<string, Entry>();
  const load = (orgId: string, read: () => Promise<SiteSummary[]>): Entry => {
    const entry: Entry = { at: nowMs(), summaries: read(), settled: false };
    entry.summaries.then(
      () => void (entry.settled = true),
      () => entries.get(orgId) === entry && entries.delete(orgId),
    );
    return entry;
  };
  return {
    get(orgId, read) {
      const hit = entries.get(orgId);
      const age = hit ? nowMs() - hit.at : Infinity;
      if (hit && age <= Math.min(maxAgeMs, MAX_SUMMARY_AGE_MS)) return hit.summaries;
      if (hit?.settled && age <= maxStaleMs) {
        if (!hit.refresh) {
          const next = load(orgId, read);
          hit.refresh = next.summaries.then(
            () => void entries.set(orgId, next),
            () => void (hit.refresh = undefined), // keep serving the last good read; retry on the next page
          );
        }
        return hit.summaries;
      }
      const entry = load(orgId, read);
      entries.set(orgId, entry);
      return entry.summaries;
    },
    refreshing: (orgId) => entries.get(orgId)?.refresh,
  };
}
