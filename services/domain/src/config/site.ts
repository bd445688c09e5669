import { z } from 'zod';
import { ChargePointId, OrgId, SiteId } from '../contracts/ids';
import { EcuConfigSchema } from './config-schema';
import { StationModel } from './hardware';
import { PhaseRotation, perPhaseSchema, type PerPhaseAmps } from '../phases/index';

// The site model (§2–§9): stations → ECUs (charge points) with firmware, serials, phase wiring and
// configuration; LANs; the electrical tree main connection → supply lines → stations; external meters.

const localId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');
const secret = z.string().min(1).max(128).meta({ writeOnly: true, description: 'secret' });
const ratingAmps = z.number().int().min(0).max(10000);

/** Rated current per grid phase (A). */
export const PhaseRating = perPhaseSchema(ratingAmps);
export type PhaseRating = PerPhaseAmps;

/** The phases module's rotation (§3.2), under the name the Site model has always used. */
export const CpPhaseRotation = PhaseRotation;
export type CpPhaseRotation = PhaseRotation;

/** How the charge point is physically wired (§3); the configuration must say the same. */
export const PhaseWiring = z
  .object({ phases: z.enum(['three', 'single']), rotation: CpPhaseRotation })
  .strict();
export type PhaseWiring = z.infer<typeof PhaseWiring>;

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Known to the runtime's time-zone database (Intl), e.g. 'Europe/Berlin'. */
const IanaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isIanaTimeZone, { message: "expected an IANA time zone such as 'Europe/Berlin'" });

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export const EcuCredentials = z.object({ user: z.string().min(1).max(64), password: secret }).strict();

export const StationEcu = z
  .object({
    chargePointId: ChargePointId,
    /** AMTRON: 'single'; AMEDIO: left-hand 'master' (AF1, port 81) and right-hand 'satellite' (AF2, port 82). */
    position: z.enum(['single', 'master', 'satellite']),
    /** Application version from the commissioning data sheet, e.g. '4.52-5412-d6a2288f6'. */
    firmware: z.string().min(3).max(50),
    controllerSerial: z.string().max(40).optional(),
    meterSerial: z.string().max(20).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    /** Largest current the charge point can offer per phase (A): 32 for 22 kW, 16 for 11 kW. */
    ratedCurrentA: z.number().int().min(6).max(80).default(32),
    wiring: PhaseWiring,
    credentials: EcuCredentials.optional(),
    config: EcuConfigSchema,
  })
  .strict();
export type StationEcu = z.infer<typeof StationEcu>;

export const Station = z
  .object({
    id: localId,
    name: z.string().max(100).optional(),
    model: StationModel,
    serialNumber: z.string().max(40).optional(),
    lanId: localId,
    supplyLineId: localId,
    /** A Micro-SIM is inserted (left-hand ECU on an AMEDIO, §2.1). */
    simCard: z.boolean().default(false),
    ecus: z.array(StationEcu).min(1).max(2),
  })
  .strict();
export type Station = z.infer<typeof Station>;

/** One switched Ethernet network (star topology, ≤ 100 m cables, §4). */
export const Lan = z
  .object({
    id: localId,
    /** A router in the LAN connects to the internet (§6). */
    internet: z.boolean().default(false),
    /** The router serves DHCP (§4.1.2). */
    routerDhcp: z.boolean().default(false),
  })
  .strict();
export type Lan = z.infer<typeof Lan>;

export const SiteSupplyLine = z
  .object({ id: localId, name: z.string().max(100).optional(), ratingA: PhaseRating })
  .strict();
export type SiteSupplyLine = z.infer<typeof SiteSupplyLine>;

/** Compatible meters (§7.4). */
export const MeterModel = z.enum(['Siemens PAC2200', 'Phoenix EEM-MB371']);
export type MeterModel = z.infer<typeof MeterModel>;

export const SiteExternalMeter = z
  .object({
    id: localId,
    model: MeterModel,
    articleNumber: z.string().max(40).optional(),
    serialNumber: z.string().max(40).optional(),
    lanId: localId,
    /** The DLM network whose master reads this meter. */
    dlmNetworkId: z.number().int().min(0).max(255),
    /** Option 1 (§7.4.1): external consumers only; option 2 (§7.4.2): total incl. charging stations. */
    measures: z.enum(['externalOnly', 'total']),
    measurement: z.enum(['direct', 'transducer']).optional(),
    /** The meter's Modbus-TCP address in the LAN (the DLM master and the edge agent read it, §7.4). */
    host: z.string().min(1).max(253).optional(),
  })
  .strict();
export type SiteExternalMeter = z.infer<typeof SiteExternalMeter>;

export const Site = z
  .object({
    id: SiteId,
    orgId: OrgId.optional(),
    name: z.string().min(1).max(100),
    address: z.string().min(1).max(300).optional(),
    /** Free labels for fleet views, e.g. 'depot', 'use-case-2'. */
    tags: z.array(z.string().min(1).max(50)).max(50).default([]),
    /** IANA time zone of the site (schedules, the console's local times). */
    timeZone: IanaTimeZone.default(DEFAULT_TIME_ZONE),
    /** Rated current of the main fuse / building connection per phase (A). */
    mainConnection: z
      .object({
        ratingA: PhaseRating,
        /**
         * Asymmetry limit at the grid connection point (A): the most the phase currents may differ
         * (§8: TAB / VDE-AR-N 4100, 20 A in Germany). It spans every DLM network behind the
         * connection, which no ECU can hold: the cloud's allocation does (imbalanceLimitA).
         */
        imbalanceLimitA: ratingAmps.optional(),
      })
      .strict(),
    supplyLines: z.array(SiteSupplyLine).min(1),
    lans: z.array(Lan).min(1),
    stations: z.array(Station),
    meters: z.array(SiteExternalMeter).default([]),
  })
  .strict();
export type Site = z.infer<typeof Site>;
export type SiteInput = z.input<typeof Site>;
