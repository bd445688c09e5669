import { mulberry32, TELEMETRY_SCHEMA_VERSION, type Random, type TelemetryMessage } from '@ampfleet/domain';
import { DEFAULT_FLEET_SEED, type LightChargePoint, type LightSite } from './fleet-generator-sites';

// What a lightweight site says, second by second: at start a boot and a status per charge point (as
// after a power-up, OCPP BootNotification + StatusNotification), then a sparse realistic rate — a
// heartbeat per CP every 5 min, now and then a session starting or ending, and meterValues every
// 60 s only while a CP charges. Pure: the caller supplies the time, the message ids and the seed.

export interface LightTrafficRates {
  heartbeatIntervalS: number;
  meterValuesIntervalS: number;
  /** Chance that an idle CP starts a session at its heartbeat slot. */
  sessionStartChance: number;
  /** Chance that a charging CP ends its session at its heartbeat slot. */
  sessionEndChance: number;
}

/** ~25 % of CPs charge at any time (start/(start+end)), sessions ~35 min on average. */
export const LIGHT_TRAFFIC_RATES: LightTrafficRates = {
  heartbeatIntervalS: 300,
  meterValuesIntervalS: 60,
  sessionStartChance: 0.05,
  sessionEndChance: 0.15,
};

export interface SiteMessage {
  siteId: string;
  message: TelemetryMessage;
}

interface ChargePointState {
  readonly siteId: string;
  readonly chargePoint: LightChargePoint;
  /** Spreads the CPs' heartbeats and readings evenly over the interval. */
  readonly slot: number;
  charging: boolean;
  energyWh: number;
  currentA: number;
}

export interface LightTraffic {
  /** The boot and status of every charge point of a site that just came up. */
  start(site: LightSite, observedAt: string): SiteMessage[];
  /** Everything due at `second` (since the generator began) from the sites started so far. */
  tick(second: number, observedAt: string): SiteMessage[];
}

export function lightTraffic(options: {
  nextMessageId: () => string;
  seed?: number;
  rates?: LightTrafficRates;
}): LightTraffic {
  const rates = options.rates ?? LIGHT_TRAFFIC_RATES;
  const random: Random = mulberry32((options.seed ?? DEFAULT_FLEET_SEED) ^ 0x5eed);
  const started: ChargePointState[] = [];
  const envelope = (cp: ChargePointState, observedAt: string) => ({
    v: TELEMETRY_SCHEMA_VERSION as typeof TELEMETRY_SCHEMA_VERSION,
    messageId: options.nextMessageId(),
    chargePointId: cp.chargePoint.id,
    observedAt,
  });
  const status = (cp: ChargePointState, at: string): SiteMessage => ({
    siteId: cp.siteId,
    message: {
      ...envelope(cp, at),
      type: 'status',
      connectorId: 1,
      status: cp.charging ? 'Charging' : 'Available',
      errorCode: 'NoError',
    },
  });
  const meterValues = (cp: ChargePointState, at: string): SiteMessage => {
    cp.energyWh += Math.round((cp.currentA * 230 * 3 * rates.meterValuesIntervalS) / 3600);
    const drawn = { l1: cp.currentA, l2: cp.currentA, l3: cp.currentA };
    return {
      siteId: cp.siteId,
      message: {
        ...envelope(cp, at),
        type: 'meterValues',
        connectorId: 1,
        currentImport: drawn,
        currentOffered: { l1: 16, l2: 16, l3: 16 },
        activePowerW: Math.round(cp.currentA * 230 * 3),
        energyImportWh: cp.energyWh,
      },
    };
  };

  return {
    start(site, observedAt) {
      const out: SiteMessage[] = [];
      for (const chargePoint of site.chargePoints) {
        const cp: ChargePointState = {
          siteId: site.siteId,
          chargePoint,
          slot: started.length,
          charging: random() < 0.25,
          energyWh: Math.floor(random() * 5_000_000),
          currentA: 6 + Math.round(random() * 100) / 10,
        };
        started.push(cp);
        out.push({
          siteId: site.siteId,
          message: {
            ...envelope(cp, observedAt),
            type: 'boot',
            vendor: 'MENNEKES',
            model: chargePoint.model,
            serialNumber: chargePoint.serialNumber,
            firmwareVersion: chargePoint.firmwareVersion,
          },
        });
        out.push(status(cp, observedAt));
      }
      return out;
    },
    tick(second, observedAt) {
      const out: SiteMessage[] = [];
      for (const cp of started) {
        if ((second + cp.slot) % rates.heartbeatIntervalS === 0) {
          const flip = cp.charging ? rates.sessionEndChance : rates.sessionStartChance;
          if (random() < flip) {
            cp.charging = !cp.charging;
            out.push(status(cp, observedAt));
          } else {
            out.push({ siteId: cp.siteId, message: { ...envelope(cp, observedAt), type: 'heartbeat' } });
          }
        }
        if (cp.charging && (second + cp.slot) % rates.meterValuesIntervalS === 0)
          out.push(meterValues(cp, observedAt));
      }
      return out;
    },
  };
}
