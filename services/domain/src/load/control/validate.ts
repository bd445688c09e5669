import type { FieldIssue } from '../../contracts/issues';
import type { LoadLimits, LoadSchedule } from '../../contracts/load-control';
import { PHASE_KEYS, type PerPhaseAmps } from '../../phases/index';
import type { ControlSite } from './control-site';
import { phaseAmpsToKw } from './units';

// The control settings checked against the site's hardware limits (issue #13 point 7): a site limit
// above the main connection rating, a network limit above its EVSE Sub-Distribution Limit (§7.1) or a
// peak cap above what the connection can carry is refused with the path of the bad field.

function aboveRating(
  limit: PerPhaseAmps,
  ratingA: readonly [number, number, number],
  path: string,
): FieldIssue[] {
  return PHASE_KEYS.flatMap((key, p) =>
    limit[key] > (ratingA[p] ?? 0)
      ? [
          {
            path: `${path}.${key}`,
            message: `${limit[key]} A is above the main connection rating ${ratingA[p] ?? 0} A`,
          },
        ]
      : [],
  );
}

export function validateLimits(site: ControlSite, limits: LoadLimits, path = 'limits'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (limits.siteLimitA)
    issues.push(...aboveRating(limits.siteLimitA, site.mainConnectionA, `${path}.siteLimitA`));
  limits.networks.forEach((n, i) => {
    const net = site.networks.find((x) => x.id === n.networkId);
    if (net === undefined)
      issues.push({
        path: `${path}.networks.${i}.networkId`,
        message: `no DLM network '${n.networkId}' with a master at this site`,
      });
    else if (n.maxA > net.subDistributionLimitA)
      issues.push({
        path: `${path}.networks.${i}.maxA`,
        message: `${n.maxA} A is above the network's EVSE Sub-Distribution Limit ${net.subDistributionLimitA} A (§7.1)`,
      });
  });
  return issues;
}

export function validateSchedule(site: ControlSite, schedule: LoadSchedule, path = 'schedule'): FieldIssue[] {
  return schedule.entries.flatMap((e, i) =>
    aboveRating(e.siteLimitA, site.mainConnectionA, `${path}.entries.${i}.siteLimitA`),
  );
}

export function validatePeakCap(
  site: ControlSite,
  peakCapKw: number | null,
  path = 'peakCapKw',
): FieldIssue[] {
  if (peakCapKw === null) return [];
  const maxKw = phaseAmpsToKw(Math.max(...site.mainConnectionA));
  return peakCapKw > maxKw
    ? [
        {
          path,
          message: `${peakCapKw} kW is above what the main connection carries (${maxKw.toFixed(1)} kW at 230 V)`,
        },
      ]
    : [];
}

export function validateDimming(site: ControlSite, path = 'siteId'): FieldIssue[] {
  return site.controllableDevices === 0
    ? [{ path, message: 'the site has no charge points to dim (§14a controllable devices)' }]
    : [];
}
