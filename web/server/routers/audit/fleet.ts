import { auditFleet } from '@ampfleet/app';
import { z } from 'zod';
import { partnerRead } from '../../openapi-meta';
import { orgProcedure, toTrpcError } from '../../trpc';
import { AuditFleetOutput } from './audit.types';

/** Findings by severity and rule, drifted ECUs and parameters, firmware mix — across the caller's sites. */
export const fleet = orgProcedure('fleet:read')
  .meta(
    partnerRead(
      '/fleet/audit',
      'Your fleet’s configuration: findings by severity and rule, drifted ECUs and parameters, firmware mix',
    ),
  )
  .input(z.void())
  .output(AuditFleetOutput)
  .query(({ ctx }) => auditFleet(ctx).catch(toTrpcError));
