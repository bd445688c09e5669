'use client';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import type { RolloutsGetOutput } from '../../../server/routers/rollouts/rollouts.types';
import styles from '../rollouts.module.css';
import { StateBadge } from '../status-badge';

// Per site: its state, the desired version the rollout saved, its error; per ECU: the command's outcome,
// what is left to set by hand (parameters with no OCPP key), the restart, and the ECU's own answer.

type SiteView = z.infer<typeof RolloutsGetOutput>['sites'][number];

export function SiteResults({ sites }: { sites: readonly SiteView[] }) {
  const t = useTranslations('rollouts.detail');
  return (
    <ul className={styles.sites}>
      {sites.map((site) => (
        <li key={site.siteId} data-rollout-site={site.siteId} data-state={site.state}>
          <div className={styles.listHead}>
            <a href={`/sites/${encodeURIComponent(site.siteId)}?tab=drift`}>{site.siteId}</a>
            <StateBadge state={site.state} />
            {site.version !== undefined ? (
              <span className="muted">{t('version', { version: site.version })}</span>
            ) : null}
          </div>
          {site.error ? (
            <p role="alert">
              {site.error.path}: {site.error.message}
            </p>
          ) : null}
          {site.ecus && site.ecus.length > 0 ? (
            <ul className={styles.ecus}>
              {site.ecus.map((ecu) => (
                <li key={ecu.chargePointId} data-ecu={ecu.chargePointId} data-outcome={ecu.outcome}>
                  <span className={styles.cp}>{ecu.chargePointId}</span> <StateBadge state={ecu.outcome} />
                  {ecu.restart ? <span className="muted"> · {t(`restart.${ecu.restart}`)}</span> : null}
                  {ecu.manual.length > 0 ? (
                    <span className="muted"> · {t('manual', { params: ecu.manual.join(', ') })}</span>
                  ) : null}
                  {ecu.detail ? <span className="muted"> · {ecu.detail}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
