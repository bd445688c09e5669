import type { AuditTarget } from '../audit/finding';
import type { Site } from './site';

// The parameter-level difference between two versions of a site's desired configuration. Lists of
// things with an identity (stations, ECUs, LANs, supply lines, meters) are matched by that identity, not
// by position, so reordering is not a change; an ECU parameter is one leaf, whatever its shape (a
// per-phase triplet changes as one value). Paths read like `stations[st-1].ecus[cp-1].config.maxCurrent`.

export interface SiteChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
  /** A write-only secret changed: no values, only the fact. */
  secret?: true;
}

function identity(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  const id = record.chargePointId ?? record.id;
  return typeof id === 'string' ? id : undefined;
}

function flatten(value: unknown, path: string, leafHere: boolean, out: Map<string, unknown>): void {
  if (!leafHere && Array.isArray(value) && value.length > 0 && value.every((v) => identity(v))) {
    for (const item of value) flatten(item, `${path}[${identity(item)}]`, false, out);
    return;
  }
  if (!leafHere && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const isConfig = path.endsWith('.config');
    for (const [key, child] of Object.entries(value))
      flatten(child, path === '' ? key : `${path}.${key}`, isConfig, out);
    return;
  }
  if (value !== undefined) out.set(path, value);
}

export function diffSites(from: Site, to: Site): SiteChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(from, '', false, a);
  flatten(to, '', false, b);
  const changes: SiteChange[] = [];
  for (const [path, before] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', from: before });
    else if (JSON.stringify(before) !== JSON.stringify(b.get(path)))
      changes.push({ path, kind: 'changed', from: before, to: b.get(path) });
  }
  for (const [path, after] of b) if (!a.has(path)) changes.push({ path, kind: 'added', to: after });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Where in the site a finding points, in diffSites' path form (the console links to it). */
export function targetPath(target: AuditTarget): string {
  switch (target.kind) {
    case 'parameter':
      return `stations[${target.stationId}].ecus[${target.chargePointId}].config.${target.parameter}`;
    case 'ecu':
      return `stations[${target.stationId}].ecus[${target.chargePointId}]`;
    case 'station':
      return `stations[${target.stationId}]`;
    case 'network':
      return `lans[${target.lanId}]`;
    case 'site':
      if (target.meterId !== undefined) return `meters[${target.meterId}]`;
      if (target.supplyLineId !== undefined) return `supplyLines[${target.supplyLineId}]`;
      return '';
  }
}
