import { readDrift } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { DriftGetInput, DriftGetOutput } from './drift.types';

/** Desired vs reported configuration per ECU (firmware-aware); unreported ECUs marked `reported: false`. */
export const get = siteProcedure('site:read')
  .meta(partnerRead('/sites/{siteId}/drift', 'Desired vs reported configuration per ECU, firmware-aware'))
  .input(DriftGetInput)
  .output(DriftGetOutput)
  .query(async ({ ctx, input }) => {
    try {
      const { version, drift, reportedAt, source, computedAt } = await readDrift(ctx, input);
      return {
        siteId: drift.siteId,
        version,
        source,
        computedAt,
        counts: drift.counts,
        firmwareMix: drift.firmwareMix,
        ecus: drift.ecus.map((ecu) => ({
          ...ecu,
          reported: ecu.drift !== undefined,
          ...(reportedAt[ecu.chargePointId] !== undefined && { reportedAt: reportedAt[ecu.chargePointId] }),
        })),
      };
    } catch (err) {
      return toTrpcError(err);
    }
  });
