import { commissioningSheet, type CommissioningSheet } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';
import { headOf, maskedSite } from './config/desired-config';

/**
 * The installer's commissioning sheet of a site: per ECU the settings to enter in its web interface, from
 * the head version of the desired configuration. Built from the masked site: no secret can reach it.
 */
export async function readCommissioningSheet(
  ctx: Pick<UseCaseContext, 'principal' | 'repos'>,
  input: { siteId: string },
): Promise<CommissioningSheet> {
  const head = await headOf(ctx, 'site:read', input.siteId);
  return { ...commissioningSheet(maskedSite(head)), version: head.version };
}
