'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useDeferredValue, useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import styles from '../rollouts.module.css';

// Step 2: the sites, picked from the site list (sites.list: search by name, id, address or tag; filter to
// sites with findings; page by page). The selection survives searching and paging.

const PAGE = 25;
/** How many selected sites are shown by name before "+N more". */
const SHOWN = 12;

export type Selection = ReadonlyMap<string, string>;

export function SitePicker({
  selected,
  onChange,
}: {
  selected: Selection;
  onChange: (next: Selection) => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('rollouts.new.sites');
  const [search, setSearch] = useState('');
  const [withFindings, setWithFindings] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const query = useDeferredValue(search.trim());
  const cursor = cursors.at(-1);
  const page = useQuery(
    trpc.sites.list.queryOptions(
      {
        limit: PAGE,
        ...(query && { search: query }),
        ...(withFindings && { hasFindings: true }),
        ...(cursor && { cursor }),
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const items = page.data?.items ?? [];
  const set = (entries: [string, string][], on: boolean) => {
    const next = new Map(selected);
    for (const [id, name] of entries)
      if (on) next.set(id, name);
      else next.delete(id);
    onChange(next);
  };
  const allShown = items.length > 0 && items.every((s) => selected.has(s.siteId));
  const chosen = [...selected.entries()];
  return (
    <fieldset className={styles.step} data-testid="site-picker">
      <legend>{t('legend')}</legend>
      <div className="filters" role="search">
        <input
          type="search"
          value={search}
          placeholder={t('searchPlaceholder')}
          aria-label={t('search')}
          onChange={(e) => {
            setSearch(e.target.value);
            setCursors([]);
          }}
        />
        <label>
          <input
            type="checkbox"
            checked={withFindings}
            onChange={(e) => {
              setWithFindings(e.target.checked);
              setCursors([]);
            }}
          />{' '}
          {t('withFindings')}
        </label>
      </div>
      <div className={styles.pickHead}>
        <label>
          <input
            type="checkbox"
            checked={allShown}
            disabled={items.length === 0}
            onChange={(e) =>
              set(
                items.map((s) => [s.siteId, s.name]),
                e.target.checked,
              )
            }
            data-testid="select-shown"
          />{' '}
          {t('selectShown', { count: items.length })}
        </label>
        <span className="muted">{page.data ? t('matching', { count: page.data.total }) : t('loading')}</span>
      </div>
      {page.isError ? <p role="alert">{t('loadError', { message: page.error.message })}</p> : null}
      <ul className={styles.pick}>
        {items.map((s) => (
          <li key={s.siteId}>
            <label>
              <input
                type="checkbox"
                name="site"
                value={s.siteId}
                checked={selected.has(s.siteId)}
                onChange={(e) => set([[s.siteId, s.name]], e.target.checked)}
              />{' '}
              <span>
                <strong>{s.name}</strong> <span className="muted">{s.siteId}</span>
              </span>
              {s.findings?.errors ? (
                <span className="badge bad">{t('errors', { count: s.findings.errors })}</span>
              ) : null}
            </label>
          </li>
        ))}
      </ul>
      <div className="pager">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t('previous')}
        </button>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data.nextCursor as string])}
        >
          {t('next')}
        </button>
      </div>
      <div className={styles.chosen} data-testid="selected-sites" data-count={selected.size}>
        <strong>{t('selected', { count: selected.size })}</strong>
        {chosen.slice(0, SHOWN).map(([id, name]) => (
          <span key={id} className="tag">
            {name}{' '}
            <button
              type="button"
              className={styles.textButton}
              aria-label={t('remove', { name })}
              onClick={() => set([[id, name]], false)}
            >
              ×
            </button>
          </span>
        ))}
        {chosen.length > SHOWN ? (
          <span className="muted">{t('more', { count: chosen.length - SHOWN })}</span>
        ) : null}
        {selected.size > 0 ? (
          <button type="button" className={styles.textButton} onClick={() => onChange(new Map())}>
            {t('clear')}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}
