import type { MeterModelId } from '../../contracts/dlm';
import type { MeterModel, Site } from '../../config/site';
import { siteDlmNetworks } from '../dlm-networks';

// Site → the DLM networks the edge agent's DLM monitor follows (edge-agent/src/dlm/config.ts
// `dlm.networks`): master, members, sample rate (§7.1), and the Modbus-TCP meter it reads (§7.4).

/** The Site's meter model → the edge agent's register map id. */
export const METER_MODEL_ID: Readonly<Record<MeterModel, MeterModelId>> = {
  'Siemens PAC2200': 'PAC2200',
  'Phoenix EEM-MB371': 'EEM-MB37x',
};

export interface MeterEndpoint {
  readonly host: string;
  readonly port: number;
  readonly unitId?: number;
}

export interface DlmNetworkSpecOfSite {
  readonly id: string;
  readonly masterChargePointId: string;
  readonly chargePointIds: string[];
  /** The master's 'DLM Algorithm Sample Rate' (s), the catalog default 30 if unset. */
  readonly sampleRateS: number;
  readonly configReadIntervalS: number;
  /**
   * What the agent restores when the cloud falls silent: the master's own configured Operator EVSE
   * Sub-Distribution Limit (lowest phase), else its EVSE Sub-Distribution Limit (§7.1).
   */
  readonly safeOperatorLimitA?: number;
  readonly meter?: {
    readonly host: string;
    readonly port: number;
    readonly unitId: number;
    readonly model: MeterModelId;
    readonly pollMs: number;
    readonly timeoutMs: number;
  };
}

export interface DlmSpecOptions {
  /** Where each DLM network's meter answers Modbus TCP (by SiteDlmNetwork.id); default the meter's `host`:502. */
  readonly meterEndpoint?: (networkId: string) => MeterEndpoint | undefined;
  readonly meterPollMs?: number;
  readonly meterTimeoutMs?: number;
  readonly configReadIntervalS?: number;
}

/** Networks with a master; one without is an audit error (§7.1) and gives the monitor nothing to follow. */
export function dlmNetworkSpecsOf(site: Site, options: DlmSpecOptions = {}): DlmNetworkSpecOfSite[] {
  return siteDlmNetworks(site).flatMap((net) => {
    if (net.master === undefined) return [];
    const meter = net.meter;
    const c = net.masterConfig;
    const safe = c.operatorEvseSubDistributionLimit ?? c.evseSubDistributionLimit;
    const endpoint =
      options.meterEndpoint?.(net.id) ??
      (meter?.host !== undefined ? { host: meter.host, port: 502 } : undefined);
    return [
      {
        id: net.id,
        masterChargePointId: net.master.chargePointId,
        chargePointIds: net.members.map((m) => m.chargePointId),
        sampleRateS: net.masterConfig.dlmSampleRate ?? 30,
        configReadIntervalS: options.configReadIntervalS ?? 900,
        ...(safe !== undefined && { safeOperatorLimitA: Math.min(safe.l1, safe.l2, safe.l3) }),
        ...(meter !== undefined &&
          endpoint !== undefined && {
            meter: {
              host: endpoint.host,
              port: endpoint.port,
              unitId: endpoint.unitId ?? 1,
              model: METER_MODEL_ID[meter.model],
              pollMs: options.meterPollMs ?? 5_000,
              timeoutMs: options.meterTimeoutMs ?? 2_000,
            },
          }),
      },
    ];
  });
}
