import type { PhaseTriplet } from '../config/catalog-types';
import type { CpPhaseRotation } from '../config/site';
import { PHASE_KEYS, gridPhaseOf, type PhaseKey } from '../phases/index';
import type { EcuEntry } from './site-index';

// Small arithmetic over per-phase values and IPv4 addresses, shared by the rules.

export const PHASES = PHASE_KEYS;
export type Phase = PhaseKey;
/** Below 6 A an EV cannot charge (IEC 61851). */
export const MIN_CHARGING_CURRENT_A = 6;

export function formatTriplet(t: PhaseTriplet): string {
  return `(${t.l1}/${t.l2}/${t.l3}) A`;
}

/** True if a exceeds b on some phase. */
export function exceedsOnAnyPhase(a: PhaseTriplet, b: PhaseTriplet): boolean {
  return a.l1 > b.l1 || a.l2 > b.l2 || a.l3 > b.l3;
}

export function minPhase(t: PhaseTriplet): number {
  return Math.min(t.l1, t.l2, t.l3);
}

export function zeroTriplet(): PhaseTriplet {
  return { l1: 0, l2: 0, l3: 0 };
}

/** The grid phase on the charge point's L1 (a single-phase charge point's only phase). */
export function firstGridPhase(rotation: CpPhaseRotation): Phase {
  return PHASE_KEYS[gridPhaseOf(rotation, 0)];
}

/** Adds the most this ECU can draw per grid phase (operator current limit, else its rating). */
export function addMaxDraw(into: PhaseTriplet, e: EcuEntry): void {
  const limit = e.cfg.operatorCurrentLimit ?? e.ecu.ratedCurrentA;
  const amps = Math.min(limit, e.ecu.ratedCurrentA);
  if (e.ecu.wiring.phases === 'single') {
    into[firstGridPhase(e.ecu.wiring.rotation)] += amps;
    return;
  }
  into.l1 += amps;
  into.l2 += amps;
  into.l3 += amps;
}

/** Dotted quad → number, or undefined (hand-rolled: the audit parses every static address). */
export function ipToNumber(ip: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? n * 256 + octet : undefined;
}

/** Prefix length of a contiguous netmask, or undefined for an invalid one. */
export function netmaskBits(mask: string): number | undefined {
  const n = ipToNumber(mask);
  if (n === undefined) return undefined;
  const inverted = 0xffffffff - n;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}

export function subnetOf(ip: number, bits: number): number {
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) * size;
}

/** The ECU DHCP server's own address and pool (§4.1.1). */
export const DHCP_SERVER_IP = '172.42.23.1';
export const DHCP_POOL = { first: '172.42.23.100', last: '172.42.23.254' } as const;
