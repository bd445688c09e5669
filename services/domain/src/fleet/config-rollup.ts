import type { Severity } from '../audit/finding';
import type { SiteDriftReport } from '../drift/rollup';

// The organisation's configuration roll-up (issue #12 point 3), kept current incrementally: each site
// stores what it last contributed (a set of counters), and a change of the site ADDs (new − old) to the
// organisation's counters — never a scan of the fleet. The sum of every site's contribution is the
// roll-up, so a from-scratch recomputation (sumContributions) is the test oracle.

/** Counter name → count; names are built by `rollupCounter` only. */
export type RollupCounters = Record<string, number>;

export const rollupCounter = {
  sites: 'sites',
  ecus: 'ecus',
  driftedEcus: 'driftedEcus',
  /** Sites with at least one drifted ECU. */
  driftedSites: 'driftedSites',
  driftedParameters: 'driftedParameters',
  unreportedEcus: 'unreportedEcus',
  inSyncEcus: 'inSyncEcus',
  severity: (severity: Severity) => `severity#${severity}`,
  rule: (ruleId: string) => `rule#${ruleId}`,
  /** Sites where the rule has at least one finding. */
  ruleSites: (ruleId: string) => `ruleSites#${ruleId}`,
  firmware: (label: string) => `firmware#${label}`,
  /** ECUs drifted in one catalog parameter. */
  driftedParameter: (key: string) => `parameter#${key}`,
} as const;

/** What one site adds to its organisation's roll-up: its findings and its drift report. */
export function siteContribution(
  findings: readonly { ruleId: string; severity: Severity }[],
  drift: SiteDriftReport,
): RollupCounters {
  const out: RollupCounters = {};
  const add = (name: string, n = 1) => {
    if (n !== 0) out[name] = (out[name] ?? 0) + n;
  };
  add(rollupCounter.sites);
  add(rollupCounter.ecus, drift.counts.ecus);
  add(rollupCounter.driftedEcus, drift.counts.drifted);
  if (drift.counts.drifted > 0) add(rollupCounter.driftedSites);
  add(rollupCounter.driftedParameters, drift.counts.driftedParameters);
  add(rollupCounter.unreportedEcus, drift.counts.unreported);
  add(rollupCounter.inSyncEcus, drift.counts.inSync);
  for (const f of findings) {
    add(rollupCounter.severity(f.severity));
    add(rollupCounter.rule(f.ruleId));
  }
  for (const ruleId of new Set(findings.map((f) => f.ruleId))) add(rollupCounter.ruleSites(ruleId));
  for (const [label, n] of Object.entries(drift.firmwareMix)) add(rollupCounter.firmware(label), n);
  for (const ecu of drift.ecus)
    for (const entry of ecu.drift?.drifted ?? []) add(rollupCounter.driftedParameter(entry.key));
  return out;
}

/** next − previous, without zero entries ({} when the site's contribution did not change). */
export function contributionDelta(
  previous: Readonly<RollupCounters> | undefined,
  next: Readonly<RollupCounters>,
): RollupCounters {
  const delta: RollupCounters = {};
  for (const name of new Set([...Object.keys(previous ?? {}), ...Object.keys(next)])) {
    const d = (next[name] ?? 0) - (previous?.[name] ?? 0);
    if (d !== 0) delta[name] = d;
  }
  return delta;
}

/** The roll-up recomputed from scratch: the sum of the sites' contributions (zeros dropped). */
export function sumContributions(contributions: Iterable<Readonly<RollupCounters>>): RollupCounters {
  const sum: RollupCounters = {};
  for (const c of contributions) for (const [name, n] of Object.entries(c)) sum[name] = (sum[name] ?? 0) + n;
  for (const [name, n] of Object.entries(sum)) if (n === 0) delete sum[name];
  return sum;
}

/** The organisation's roll-up as the console and the partner API read it. */
export interface FleetConfigRollup {
  sites: number;
  ecus: number;
  findingsBySeverity: Record<Severity, number>;
  findingsByRule: Record<string, number>;
  /** Sites with at least one finding of the rule. */
  sitesByRule: Record<string, number>;
  driftedEcus: number;
  /** Sites with at least one drifted ECU. */
  driftedSites: number;
  driftedParameters: number;
  unreportedEcus: number;
  inSyncEcus: number;
  /** ECUs drifted per catalog parameter key. */
  driftedByParameter: Record<string, number>;
  /** ECUs per firmware major.minor ('unknown' when unreadable). */
  firmwareMix: Record<string, number>;
}

function prefixed(counters: Readonly<RollupCounters>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(counters))
    if (name.startsWith(prefix) && n !== 0) out[name.slice(prefix.length)] = n;
  return out;
}

export function rollupView(counters: Readonly<RollupCounters>): FleetConfigRollup {
  const n = (name: string) => counters[name] ?? 0;
  return {
    sites: n(rollupCounter.sites),
    ecus: n(rollupCounter.ecus),
    findingsBySeverity: {
      error: n(rollupCounter.severity('error')),
      warning: n(rollupCounter.severity('warning')),
      info: n(rollupCounter.severity('info')),
    },
    findingsByRule: prefixed(counters, rollupCounter.rule('')),
    sitesByRule: prefixed(counters, rollupCounter.ruleSites('')),
    driftedEcus: n(rollupCounter.driftedEcus),
    driftedSites: n(rollupCounter.driftedSites),
    driftedParameters: n(rollupCounter.driftedParameters),
    unreportedEcus: n(rollupCounter.unreportedEcus),
    inSyncEcus: n(rollupCounter.inSyncEcus),
    driftedByParameter: prefixed(counters, rollupCounter.driftedParameter('')),
    firmwareMix: prefixed(counters, rollupCounter.firmware('')),
  };
}

/**
 * What a stored audit-and-drift result was computed from: the desired version and, per ECU, the
 * `readOrder` of its reported snapshot (reported-config-ingest.ts). Both only grow, so of two results
 * the one computed from the newer state is the one to keep.
 */
export interface AuditBasis {
  desiredVersion: number;
  reported: Record<string, string>;
}

/**
 * `next` against `stored`: 'older' when any part of it is older (or an ECU the stored result had is
 * missing), 'same' when equal, else 'newer'. Only a 'newer' result may replace a stored one.
 */
export function compareBasis(stored: AuditBasis, next: AuditBasis): 'older' | 'same' | 'newer' {
  if (next.desiredVersion < stored.desiredVersion) return 'older';
  let newer = next.desiredVersion > stored.desiredVersion;
  for (const [cp, order] of Object.entries(stored.reported)) {
    const now = next.reported[cp];
    if (now === undefined || now < order) return 'older';
    if (now > order) newer = true;
  }
  for (const cp of Object.keys(next.reported)) if (!(cp in stored.reported)) newer = true;
  return newer ? 'newer' : 'same';
}
