import { SITE_SORTS, SITE_STATUSES, type SiteSort } from '@ampfleet/domain';
import { siteListQueryOf } from './query';
import { SiteList } from './site-list';

export const dynamic = 'force-dynamic';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** What each server-side sort means, in the words a fleet manager uses. */
const SORT_LABELS: Record<SiteSort, string> = {
  name: 'name A–Z',
  '-name': 'name Z–A',
  lastTelemetryAt: 'oldest telemetry first',
  '-lastTelemetryAt': 'newest telemetry first',
  chargePoints: 'fewest charge points first',
};

export default async function SitesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const parsed = siteListQueryOf(params);
  return (
    <>
      <h1>Sites</h1>
      {/* A plain GET form: the filters go into the URL and the server filters (sites.list). */}
      <form className="filters" method="get" action="/sites" role="search">
        <input
          type="search"
          name="q"
          defaultValue={one(params.q)}
          placeholder="Name, id, address or tag"
          aria-label="search sites"
        />
        <select name="status" defaultValue={one(params.status)} aria-label="charge point state">
          <option value="">any state</option>
          {SITE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input
          name="firmware"
          defaultValue={one(params.firmware)}
          placeholder="firmware, e.g. 4.61"
          aria-label="firmware"
        />
        <select name="findings" defaultValue={one(params.findings)} aria-label="audit findings">
          <option value="">findings: any</option>
          <option value="yes">with findings</option>
          <option value="no">without findings</option>
        </select>
        <select name="sort" defaultValue={one(params.sort) || 'name'} aria-label="sort">
          {SITE_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <input type="hidden" name="limit" value={one(params.limit)} />
        <button type="submit">Apply</button>
      </form>
      {'error' in parsed ? (
        <p role="alert">Bad filter — {parsed.error}</p>
      ) : (
        <SiteList query={parsed.query} params={params} />
      )}
    </>
  );
}
