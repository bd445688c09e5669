import type { SiteSummary } from '@ampfleet/domain';

// A short-lived per-organisation cache of the site summaries, for a console process serving many list
// pages: invalidated by age only (≤ 2 s), so a page is never older than the live refetch interval.

export interface SiteSummaryCache {
  get(orgId: string, read: () => Promise<SiteSummary[]>): Promise<SiteSummary[]>;
}

export const MAX_SUMMARY_AGE_MS = 2000;

export function siteSummaryCache(nowMs: () => number, maxAgeMs = MAX_SUMMARY_AGE_MS): SiteSummaryCache {
  const entries = new Map<string, { at: number; summaries: Promise<SiteSummary[]> }>();
  return {
    get(orgId, read) {
      const hit = entries.get(orgId);
      if (hit && nowMs() - hit.at <= Math.min(maxAgeMs, MAX_SUMMARY_AGE_MS)) return hit.summaries;
      const summaries = read();
      entries.set(orgId, { at: nowMs(), summaries });
      // A failed read is not remembered.
      summaries.catch(() => entries.delete(orgId));
      return summaries;
    },
  };
}
