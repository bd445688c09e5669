'use client';
import type { Site } from '@ampfleet/domain';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import type { FindingView } from '../../../../server/routers/config/config.types';
import styles from './configuration.module.css';
import { describePath } from './model';

// A list of audit findings as both tabs show them: severity, manual §, the message that says how to
// fix it, and where (the parameter under the ECU's firmware name, linked to its field).

export type Finding = z.infer<typeof FindingView>;

/** What the list reads of a finding (the rollout dry run's findings come without their target). */
type Listed = Omit<Finding, 'target'>;

export function FindingsTable<F extends Listed>({
  findings,
  site,
  linkOf,
  mark,
}: {
  findings: readonly F[];
  site: Site | undefined;
  /** The href of a finding's target (its field in the Configuration tab). */
  linkOf: (anchor: string) => string;
  /** A badge per finding ('new', 'resolved'), if any. */
  mark?: (finding: F) => { label: string; className: string } | undefined;
}) {
  const t = useTranslations('configuration');
  // A list rather than a table: the message is the long part, and it must stay readable at 390 px.
  return (
    <ul className={styles.findings}>
      {findings.map((f) => {
        const where = f.path === '' ? undefined : describePath(site, f.path);
        const badge = mark?.(f);
        return (
          <li key={f.id} data-finding={f.ruleId} data-path={f.path} data-severity={f.severity}>
            <div className={styles.findingHead}>
              <span className={`badge ${severityClass(f.severity)}`}>{t(`severity.${f.severity}`)}</span>
              {badge ? <span className={`badge ${badge.className}`}>{badge.label}</span> : null}
              <span className="muted" title={t('audit.column.section')}>
                {f.section}
              </span>
              <span className={styles.where}>
                {where === undefined ? (
                  <span className="muted">{t('audit.site')}</span>
                ) : where.anchor ? (
                  <a href={linkOf(where.anchor)} data-testid="finding-link">
                    {where.name}
                    {where.chargePointId ? ` · ${where.chargePointId}` : ''}
                  </a>
                ) : (
                  <span className="muted">{placeOf(where.name, t)}</span>
                )}
              </span>
            </div>
            <p className={styles.message}>{f.message}</p>
          </li>
        );
      })}
    </ul>
  );
}

/** A site-level path ('supplyLines[line-1]', 'lans[lan-1]', 'meters[m-1]') in words. */
function placeOf(path: string, t: ReturnType<typeof useTranslations<'configuration'>>): string {
  const match = /^(supplyLines|lans|meters)\[([^\]]+)\]/.exec(path);
  if (!match) return path;
  const [, kind = '', id = ''] = match;
  return t(`audit.place.${kind as 'supplyLines' | 'lans' | 'meters'}`, { id });
}

export function severityClass(severity: Finding['severity']): string {
  return severity === 'error' ? 'bad' : severity === 'warning' ? 'warn' : 'off';
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then notes; within a severity by manual section and path. */
export function sortFindings<F extends Listed>(findings: readonly F[]): F[] {
  return [...findings].sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      a.section.localeCompare(b.section) ||
      a.path.localeCompare(b.path),
  );
}
