import type { SiteSummary } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';
import { siteSummaryCache } from './site-summary-cache';

// The read model's freshness rules on a fake clock: fresh ≤ 2 s served as is, stale ≤ 30 s served while
// one background read runs, older or failed → the caller waits for a new read.
const summaries = (n: number) => Array.from({ length: n }, (_, i) => ({ siteId: `s${i}` }) as SiteSummary);

function counter() {
  let reads = 0;
  let size = 1;
  return {
    read: async () => {
      reads++;
      return summaries(size);
    },
    grow: () => void size++,
    reads: () => reads,
  };
}

describe('siteSummaryCache', () => {
  it('serves a read younger than 2 s without reading again', async () => {
    let t = 0;
    const cache = siteSummaryCache(() => t);
    const src = counter();
    await cache.get('org-a', src.read);
    t = 2000;
    await cache.get('org-a', src.read);
    expect(src.reads()).toBe(1);
  });

  it('serves a stale read at once and refreshes it once in the background', async () => {
    let t = 0;
    const cache = siteSummaryCache(() => t);
    const src = counter();
    await cache.get('org-a', src.read);
    src.grow();
    t = 2001;
    // Two pages at once: both get the stale read at once; only one background read starts.
    const [first, second] = await Promise.all([cache.get('org-a', src.read), cache.get('org-a', src.read)]);
    expect([first.length, second.length]).toEqual([1, 1]);
    expect(src.reads()).toBe(2);
    await cache.refreshing('org-a');
    expect(await cache.get('org-a', src.read)).toHaveLength(2);
    expect(src.reads()).toBe(2);
  });

  it('waits for a fresh read past 30 s, and keeps organisations apart', async () => {
    let t = 0;
    const cache = siteSummaryCache(() => t);
    const a = counter();
    const b = counter();
    await cache.get('org-a', a.read);
    b.grow();
    expect(await cache.get('org-b', b.read)).toHaveLength(2);
    a.grow();
    t = 30_001;
    expect(await cache.get('org-a', a.read)).toHaveLength(2);
    expect(a.reads()).toBe(2);
  });

  it('never remembers a failed read, and keeps the last good one when a refresh fails', async () => {
    let t = 0;
    const cache = siteSummaryCache(() => t);
    await expect(cache.get('org-a', () => Promise.reject(new Error('store down')))).rejects.toThrow();
    expect(await cache.get('org-a', async () => summaries(3))).toHaveLength(3);
    t = 5000;
    expect(await cache.get('org-a', () => Promise.reject(new Error('store down')))).toHaveLength(3);
    await cache.refreshing('org-a');
    expect(await cache.get('org-a', async () => summaries(4))).toHaveLength(3); // stale served, refresh started
    await cache.refreshing('org-a');
    expect(await cache.get('org-a', async () => summaries(5))).toHaveLength(4);
  });
});
