import { ChargePointId, DlmNetworkId, MeterModelId } from '@ampfleet/domain';
import { z } from 'zod';

// The `dlm` part of the edge config: per DLM network its master, its charge points and, optionally,
// the external meter (§7.4) the agent reads over Modbus TCP.

export const DlmMeterConfig = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(502),
    unitId: z.number().int().min(0).max(255).default(1),
    model: MeterModelId,
    /** Poll period (ms); every reading is journaled as 'siteMeter'. */
    pollMs: z.number().int().min(200).max(3_600_000).default(5_000),
    /** Per request and per connect attempt (ms). */
    timeoutMs: z.number().int().min(50).max(60_000).default(2_000),
  })
  .strict();
export type DlmMeterConfig = z.infer<typeof DlmMeterConfig>;

export const DlmNetworkConfig = z
  .object({
    id: DlmNetworkId,
    /** The network's one DLM master (§7.1); must be one of chargePointIds. */
    masterChargePointId: ChargePointId,
    chargePointIds: z.array(ChargePointId).min(1).max(500),
    meter: DlmMeterConfig.optional(),
    /** Publish period (s) until the master's 'DLM Algorithm Sample Rate' is read. */
    sampleRateS: z.number().int().min(1).max(3600).default(30),
    /** How often the master's configuration is read again with GetConfiguration (s). */
    configReadIntervalS: z.number().int().min(10).max(86_400).default(900),
    /**
     * Restored when the cloud falls silent (no command for `cloudSilenceTimeoutS`) after a cloud command
     * moved the master's Operator EVSE Sub-Distribution Limit (A). The site projection sets it to the
     * master's own configured operator limit; absent → nothing is restored for this network.
     */
    safeOperatorLimitA: z.number().int().min(0).max(2000).optional(),
  })
  .strict();
export type DlmNetworkConfig = z.infer<typeof DlmNetworkConfig>;

export const DlmSettings = z
  .object({
    networks: z.array(DlmNetworkConfig).max(50),
    /** Cloud silence (s) after which the safe operator limits are restored (the cloud refreshes every 4 min). */
    cloudSilenceTimeoutS: z.number().int().min(1).max(86_400).default(600),
  })
  .strict();

/** Cross-field rules, each issue naming its field. */
export function checkDlmNetworks(
  config: { ocpp: { chargePoints: { id: string }[] }; dlm?: z.infer<typeof DlmSettings> | undefined },
  ctx: z.RefinementCtx,
): void {
  const configured = new Set(config.ocpp.chargePoints.map((cp) => cp.id));
  const networkOf = new Map<string, string>();
  const ids = new Set<string>();
  config.dlm?.networks.forEach((net, n) => {
    const at = (...rest: (string | number)[]) => ['dlm', 'networks', n, ...rest];
    if (ids.has(net.id))
      ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate network id ${net.id}` });
    ids.add(net.id);
    net.chargePointIds.forEach((id, i) => {
      if (!configured.has(id))
        ctx.addIssue({
          code: 'custom',
          path: at('chargePointIds', i),
          message: `${id} is not in ocpp.chargePoints`,
        });
      const other = networkOf.get(id);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: at('chargePointIds', i),
          message: `${id} is already in DLM network ${other} (a charge point belongs to one network)`,
        });
      networkOf.set(id, net.id);
    });
    if (!net.chargePointIds.includes(net.masterChargePointId))
      ctx.addIssue({
        code: 'custom',
        path: at('masterChargePointId'),
        message: `${net.masterChargePointId} must be one of the network's chargePointIds`,
      });
  });
}
