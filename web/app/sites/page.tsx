import { ECU_PARAM_KEYS, listRules, SITE_SORTS, SITE_STATUSES } from '@ampfleet/domain';
import { getTranslations } from 'next-intl/server';
import { parameterLabel } from '../parameter-label';
import { siteListQueryOf } from './query';
import { NewSiteLink } from './new/new-site-link';
import { SiteList } from './site-list';

export const dynamic = 'force-dynamic';

// The audit rules by manual section, and the catalog parameters by name: the filters' choices.
const RULES = listRules().sort(
  (a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }) || a.id.localeCompare(b.id),
);
const PARAMETERS = ECU_PARAM_KEYS.map((key) => ({ key, label: parameterLabel(key) })).sort((a, b) =>
  a.label.localeCompare(b.label, 'en'),
);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function SitesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const parsed = siteListQueryOf(params);
  const t = await getTranslations('sites');
  const tf = await getTranslations('fleetConfig.filter');
  return (
    <>
      <h1>{t('title')}</h1>
      <NewSiteLink />
      {/* A plain GET form: the filters go into the URL and the server filters (sites.list). */}
      <form className="filters" method="get" action="/sites" role="search">
        <input
          type="search"
          name="q"
          defaultValue={one(params.q)}
          placeholder={t('filter.searchPlaceholder')}
          aria-label={t('filter.search')}
        />
        <select name="status" defaultValue={one(params.status)} aria-label={t('filter.status')}>
          <option value="">{t('filter.anyStatus')}</option>
          {SITE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <input
          name="firmware"
          defaultValue={one(params.firmware)}
          placeholder={t('filter.firmwarePlaceholder')}
          aria-label={t('filter.firmware')}
        />
        <select name="findings" defaultValue={one(params.findings)} aria-label={t('filter.findings')}>
          <option value="">{t('filter.findingsAny')}</option>
          <option value="yes">{t('filter.findingsYes')}</option>
          <option value="no">{t('filter.findingsNo')}</option>
        </select>
        <select name="rule" defaultValue={one(params.rule)} aria-label={tf('rule')}>
          <option value="">{tf('anyRule')}</option>
          {RULES.map((r) => (
            <option key={r.id} value={r.id} title={r.title}>
              {`${r.section} · ${r.id}`}
            </option>
          ))}
        </select>
        <select name="parameter" defaultValue={one(params.parameter)} aria-label={tf('parameter')}>
          <option value="">{tf('anyParameter')}</option>
          {PARAMETERS.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
        </select>
        <select name="drift" defaultValue={one(params.drift)} aria-label={tf('drift')}>
          <option value="">{tf('driftAny')}</option>
          <option value="yes">{tf('driftYes')}</option>
          <option value="no">{tf('driftNo')}</option>
        </select>
        {/* What each server-side sort means, in the words a fleet manager uses. */}
        <select name="sort" defaultValue={one(params.sort) || 'name'} aria-label={t('filter.sort')}>
          {SITE_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
        <input type="hidden" name="limit" value={one(params.limit)} />
        <button type="submit">{t('filter.apply')}</button>
      </form>
      {'error' in parsed ? (
        <p role="alert">{t('badFilter', { error: parsed.error })}</p>
      ) : (
        <SiteList query={parsed.query} params={params} />
      )}
    </>
  );
}
