import type { EcuConfig } from '../../config/catalog';
import type { MeterModelId } from '../../contracts/dlm';
import { firmwareVersionOf } from '../../config/firmware';
import type { Site, StationEcu } from '../../config/site';
import { renderDlmOcppConfig } from '../../dlm/ocpp-keys';
import { minOfPhases, type PhaseConnection, type PhaseRotation } from '../../phases/index';
import { siteDlmNetworks } from '../dlm-networks';
import { METER_MODEL_ID } from './dlm-specs';

// Site → the simulated hardware of a demo site (edge-agent/sim): one ECU simulator per ECU with its
// firmware, phase wiring (§3) and rated current; the DLM master serving its DLM parameters over OCPP
// (§7.1, keys per firmware) and every ECU its catalog parameters; the Modbus-TCP meter of the DLM network (§7.4).

export interface EcuSimulatorSpec {
  readonly id: string;
  /** Reported in BootNotification. */
  readonly model: string;
  readonly firmwareVersion: string;
  readonly phaseConnection: PhaseConnection;
  readonly phaseRotation: PhaseRotation;
  readonly ratedCurrentA: number;
  /** The ECU's catalog parameters: the simulator serves them under its firmware's OCPP keys. */
  readonly ecuConfig: EcuConfig;
  /** A DLM master's parameters as OCPP configuration keys (GetConfiguration answers them). */
  readonly configuration?: Readonly<Record<string, string>>;
}

export interface SiteSimulatorSpec {
  readonly siteId: string;
  /** The site's ECUs; the first DLM network's master first (the simulated site's stand-in DLM master). */
  readonly ecus: readonly EcuSimulatorSpec[];
  /** The stand-in DLM master's limits (lowest phase, A), from the first DLM network. */
  readonly dlm?: {
    readonly networkId: string;
    readonly subDistributionLimitA: number;
    readonly operatorLimitA: number;
  };
  /** The first DLM network's external meter, if the site declares one. */
  readonly meter?: { readonly networkId: string; readonly model: MeterModelId };
}

function ecuSpec(model: string, ecu: StationEcu, configuration?: Record<string, string>): EcuSimulatorSpec {
  return {
    id: ecu.chargePointId,
    model,
    firmwareVersion: ecu.firmware,
    phaseConnection: ecu.wiring.phases === 'single' ? 'singlePhase' : 'threePhase',
    phaseRotation: ecu.wiring.rotation,
    ratedCurrentA: ecu.ratedCurrentA,
    ecuConfig: ecu.config,
    ...(configuration !== undefined && { configuration }),
  };
}

export function simulatorsOf(site: Site): SiteSimulatorSpec {
  const network = siteDlmNetworks(site).find((n) => n.master !== undefined);
  const master = network?.master;
  const ecus = site.stations.flatMap((s) =>
    s.ecus.map((ecu) => {
      if (ecu !== master || network === undefined) return ecuSpec(s.model, ecu);
      const version = firmwareVersionOf(ecu.firmware) ?? '4.61';
      return ecuSpec(s.model, ecu, renderDlmOcppConfig(network.masterConfig, version));
    }),
  );
  ecus.sort((a, b) => Number(b.id === master?.chargePointId) - Number(a.id === master?.chargePointId));
  if (network === undefined) return { siteId: site.id, ecus };
  const c = network.masterConfig;
  // Without a configured limit the lines feeding the network are the limit (§7.1 "sub-distribution").
  const lineLimit = Math.min(
    ...site.supplyLines
      .filter((l) => network.supplyLineIds.includes(l.id))
      .map((l) => minOfPhases(l.ratingA)),
  );
  const sub = c.evseSubDistributionLimit ? minOfPhases(c.evseSubDistributionLimit) : lineLimit;
  const operator = c.operatorEvseSubDistributionLimit ? minOfPhases(c.operatorEvseSubDistributionLimit) : sub;
  return {
    siteId: site.id,
    ecus,
    dlm: { networkId: network.id, subDistributionLimitA: sub, operatorLimitA: Math.min(operator, sub) },
    ...(network.meter !== undefined && {
      meter: { networkId: network.id, model: METER_MODEL_ID[network.meter.model] },
    }),
  };
}
