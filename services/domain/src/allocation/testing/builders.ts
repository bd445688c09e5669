// Test-data builders: each test states only what matters (STYLE.md habit 7).
import type { AllocationInput, AllocationInputDraft } from '../schema';
import { parseAllocationInput } from '../schema';

type Draft = AllocationInputDraft;
export type NetworkDraft = Draft['dlmNetworks'][number];
export type LineDraft = NetworkDraft['supplyLines'][number];
export type ChargerDraft = LineDraft['chargePoints'][number];
export type EvDraft = NonNullable<ChargerDraft['ev']>;
type Phases = [number, number, number];

let sequence = 0;
const nextId = (prefix: string): string => `${prefix}-${++sequence}`;
export const all3 = (a: number): Phases => [a, a, a];

export function anEv(overrides: Partial<EvDraft> = {}): EvDraft {
  return { state: 'charging', pluggedInAt: 0, ...overrides };
}

export function aCharger(overrides: Partial<ChargerDraft> = {}): ChargerDraft {
  return { id: nextId('cp'), ratedCurrent: 32, ev: anEv(), ...overrides };
}

export function aLine(overrides: Partial<LineDraft> = {}): LineDraft {
  return { id: nextId('line'), limit: all3(9999), chargePoints: [], ...overrides };
}

export function aNetwork(overrides: Partial<NetworkDraft> = {}): NetworkDraft {
  return { id: nextId('dlm'), subDistributionLimit: all3(9999), supplyLines: [], ...overrides };
}

/** One DLM network, one supply line, the given CPs; EVs plugged in in the order given. */
export function aNetworkOf(chargers: ChargerDraft[], overrides: Partial<NetworkDraft> = {}): NetworkDraft {
  return aNetwork({ supplyLines: [aLine({ chargePoints: inArrivalOrder(chargers) })], ...overrides });
}

export function inArrivalOrder(chargers: ChargerDraft[]): ChargerDraft[] {
  return chargers.map((c, i) =>
    c.ev === undefined ? c : { ...c, ev: { ...c.ev, pluggedInAt: c.ev.pluggedInAt || i } },
  );
}

export function aSite(overrides: Partial<Draft> = {}): AllocationInput {
  return parseAllocationInput({
    siteId: nextId('site'),
    mainConnectionLimit: all3(9999),
    dlmNetworks: [],
    ...overrides,
  });
}

/** A site with one DLM network whose sub-distribution limit is `limit` on all phases. */
export function aSiteWith(chargers: ChargerDraft[], network: Partial<NetworkDraft> = {}): AllocationInput {
  return aSite({ dlmNetworks: [aNetworkOf(chargers, network)] });
}
