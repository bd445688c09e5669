'use client';
import { fleetFindingsCsv, fleetRuleRows, listRules, type Severity } from '@ampfleet/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useUnits } from '../i18n/units';
import { saveTextFile } from '../lib/download';
import { useTRPC } from '../lib/trpc';
import { Figure } from './fleet-overview';
import styles from './fleet-config.module.css';
import { parameterLabel } from './parameter-label';
import { siteListHref } from './sites/query';

// The fleet's configuration at a glance (audit.fleet: the organisation's roll-up the audit-drift handler
// keeps current — never a scan of the fleet): firmware mix, drift, findings by severity and by rule.
// Every count links to the site list filtered to the sites behind it.
const REFRESH_MS = 10_000;
const RULES = listRules();
const SEVERITY_CLASS: Record<Severity, string> = { error: 'bad', warning: 'warn', info: 'off' };

/** Firmware labels in version order, 'unknown' last. */
function byVersion(a: string, b: string): number {
  if (a === 'unknown' || b === 'unknown') return a === 'unknown' ? 1 : b === 'unknown' ? -1 : 0;
  return b.localeCompare(a, 'en', { numeric: true });
}

export function FleetConfigPanel() {
  const trpc = useTRPC();
  const t = useTranslations('fleetConfig');
  const u = useUnits();
  const q = useQuery(trpc.audit.fleet.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const heading = (
    <h2 id="fleet-config-title" className={styles.title}>
      {t('title')}
    </h2>
  );
  if (q.isPending)
    return (
      <section aria-labelledby="fleet-config-title">
        {heading}
        <p className="muted">{t('loading')}</p>
      </section>
    );
  if (q.isError)
    return (
      <section aria-labelledby="fleet-config-title">
        {heading}
        <p role="alert">{t('loadError', { message: q.error.message })}</p>
      </section>
    );
  const r = q.data;
  const rules = fleetRuleRows(r, RULES);
  const firmware = Object.entries(r.firmwareMix).sort(([a], [b]) => byVersion(a, b));
  const firmwareMax = Math.max(1, ...firmware.map(([, n]) => n));
  const drifted = Object.entries(r.driftedByParameter).sort(
    ([ka, a], [kb, b]) => b - a || ka.localeCompare(kb),
  );
  const downloadFindings = () =>
    saveTextFile(`fleet-findings-${new Date().toISOString().slice(0, 10)}.csv`, fleetFindingsCsv(r, RULES));
  return (
    <section aria-labelledby="fleet-config-title" data-testid="fleet-config" data-updated-at={r.updatedAt}>
      {heading}
      <p className="muted">
        {r.updatedAt
          ? t('summary', { sites: r.sites, ecus: r.ecus, time: u.dateTime(r.updatedAt) })
          : t('notAudited')}
      </p>
      <div className="figures">
        <Figure
          label={t('figure.driftedSites')}
          value={u.count(r.driftedSites)}
          testId="fleet-config-drifted-sites"
          href="/sites?drift=yes"
        />
        <Figure
          label={t('figure.driftedEcus')}
          value={u.count(r.driftedEcus)}
          testId="fleet-config-drifted-ecus"
          href="/sites?drift=yes"
        />
        <Figure
          label={t('figure.unreportedEcus')}
          value={u.count(r.unreportedEcus)}
          testId="fleet-config-unreported"
        />
        <Figure
          label={t('figure.errors')}
          value={u.count(r.findingsBySeverity.error)}
          testId="fleet-config-errors"
          href="/sites?findings=yes"
        />
        <Figure
          label={t('figure.warnings')}
          value={u.count(r.findingsBySeverity.warning)}
          testId="fleet-config-warnings"
          href="/sites?findings=yes"
        />
        <Figure
          label={t('figure.infos')}
          value={u.count(r.findingsBySeverity.info)}
          testId="fleet-config-infos"
        />
      </div>
      <div className={styles.columns}>
        <section aria-labelledby="fleet-firmware-title" className={styles.block}>
          <h3 id="fleet-firmware-title">{t('firmware.title')}</h3>
          {firmware.length === 0 ? <p className="muted">{t('firmware.none')}</p> : null}
          <ul className={styles.bars} data-testid="fleet-firmware-mix">
            {firmware.map(([label, n]) => (
              <li key={label} data-firmware={label} data-ecus={n}>
                <span className={styles.barLabel}>{label === 'unknown' ? t('firmware.unknown') : label}</span>
                <span className={styles.bar} aria-hidden="true">
                  <span style={{ width: `${(100 * n) / firmwareMax}%` }} />
                </span>
                {label === 'unknown' ? (
                  <span className={styles.barCount}>{t('firmware.ecus', { count: n })}</span>
                ) : (
                  <a className={styles.barCount} href={siteListHref({ firmware: label })}>
                    {t('firmware.ecus', { count: n })}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="fleet-drift-title" className={styles.block}>
          <h3 id="fleet-drift-title">{t('drift.title')}</h3>
          {drifted.length === 0 ? <p className="muted">{t('drift.none')}</p> : null}
          {drifted.length ? (
            <table className={styles.table} data-testid="fleet-drift-by-parameter">
              <thead>
                <tr>
                  <th>{t('drift.parameter')}</th>
                  <th className={styles.num}>{t('drift.ecus')}</th>
                </tr>
              </thead>
              <tbody>
                {drifted.map(([key, n]) => (
                  <tr key={key} data-parameter={key}>
                    <td>
                      {parameterLabel(key)} <span className="muted">{key}</span>
                    </td>
                    <td className={styles.num}>
                      <a
                        href={siteListHref({ parameter: key })}
                        aria-label={t('drift.sitesLink', { parameter: parameterLabel(key) })}
                      >
                        {u.count(n)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      </div>
      <section aria-labelledby="fleet-rules-title" className={styles.block}>
        <div className={styles.blockHead}>
          <h3 id="fleet-rules-title">{t('rules.title')}</h3>
          <button
            type="button"
            className="secondary"
            disabled={rules.length === 0}
            onClick={downloadFindings}
            data-testid="fleet-findings-export"
          >
            {t('rules.export')}
          </button>
        </div>
        {rules.length === 0 ? <p className="muted">{t('rules.none')}</p> : null}
        {rules.length ? (
          <table className={styles.table} data-testid="fleet-findings-by-rule">
            <thead>
              <tr>
                <th>{t('rules.rule')}</th>
                <th>{t('rules.section')}</th>
                <th className={styles.num}>{t('rules.sites')}</th>
                <th className={styles.num}>{t('rules.findings')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((row) => (
                <tr key={row.ruleId} data-rule={row.ruleId}>
                  <td className={styles.rule}>
                    {row.rule ? (
                      <span className={`badge ${SEVERITY_CLASS[row.rule.severity]}`}>
                        {t(`severity.${row.rule.severity}`)}
                      </span>
                    ) : null}{' '}
                    <code>{row.ruleId}</code>
                    {row.rule ? <div className="muted">{row.rule.title}</div> : null}
                  </td>
                  <td>{row.rule?.section ?? '–'}</td>
                  <td className={styles.num}>
                    <a
                      href={siteListHref({ rule: row.ruleId })}
                      data-testid="fleet-rule-sites"
                      aria-label={t('rules.sitesLink', { rule: row.ruleId, count: row.sites })}
                    >
                      {u.count(row.sites)}
                    </a>
                  </td>
                  <td className={styles.num}>{u.count(row.findings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </section>
  );
}
