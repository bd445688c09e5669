import { ConnectorStatus } from '@ampfleet/domain';
import { z } from 'zod';

export const FleetListInput = z.void();

const PhaseCurrents = z.object({ l1: z.number(), l2: z.number(), l3: z.number() });

const ConnectorOutput = z.object({
  connectorId: z.number(),
  status: ConnectorStatus.optional(),
  errorCode: z.string().optional(),
  statusAt: z.string().optional(),
  currentImport: PhaseCurrents.optional(),
  currentOffered: PhaseCurrents.optional(),
  activePowerW: z.number().optional(),
  energyImportWh: z.number().optional(),
  meterAt: z.string().optional(),
  /** The running transaction; the idTag only masked (it identifies a person's card). */
  session: z
    .object({
      transactionId: z.number(),
      startedAt: z.string(),
      idTagMasked: z.string(),
      idTagStatus: z.string().optional(),
    })
    .optional(),
  /** Energy charged in the running session so far (Wh). */
  sessionEnergyWh: z.number().optional(),
});

const DlmNetworkOutput = z.object({
  networkId: z.string(),
  masterChargePointId: z.string(),
  stateAt: z.string().optional(),
  meterAt: z.string().optional(),
  state: z
    .object({
      sampleRateS: z.number(),
      configReadAt: z.string().optional(),
      limits: z.object({
        subDistribution: PhaseCurrents.optional(),
        operator: PhaseCurrents.optional(),
        effective: PhaseCurrents.optional(),
        effectiveSource: z.array(z.string()).optional(),
      }),
      externalMeter: z.object({
        mode: z.string(),
        configured: z.boolean(),
        connected: z.boolean().optional(),
        usingFallback: z.boolean(),
      }),
      offered: PhaseCurrents,
      drawn: PhaseCurrents,
      imbalance: z.object({
        drawn: z.number(),
        prevention: z.boolean().optional(),
        limit: z.number().optional(),
        exceeded: z.boolean(),
      }),
    })
    .optional(),
  meter: z
    .object({
      model: z.string(),
      connected: z.boolean(),
      currents: PhaseCurrents.optional(),
      activePowerW: z.number().optional(),
      fault: z.string().optional(),
    })
    .optional(),
});

export const FleetListOutput = z.object({
  generatedAt: z.string(),
  sites: z.array(
    z.object({
      siteId: z.string(),
      name: z.string(),
      lastTelemetryAt: z.string().optional(),
      totalCurrentImport: PhaseCurrents,
      /** Per DLM network: latest DLM state (limits, offered/drawn sums) and external-meter reading. */
      dlmNetworks: z.array(DlmNetworkOutput),
      chargePoints: z.array(
        z.object({
          chargePointId: z.string(),
          vendor: z.string().optional(),
          model: z.string().optional(),
          firmwareVersion: z.string().optional(),
          seenAt: z.string().optional(),
          online: z.boolean(),
          connectors: z.array(ConnectorOutput),
        }),
      ),
    }),
  ),
});
export type FleetListOutput = z.infer<typeof FleetListOutput>;
