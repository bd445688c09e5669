import { readCommissioningSheet } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { SitesCommissioningInput, SitesCommissioningOutput } from './onboarding.types';

/** The installer's commissioning sheet: per ECU the settings to enter in its web interface (no secrets). */
export const commissioning = siteProcedure('site:read')
  .meta(
    partnerRead(
      '/sites/{siteId}/commissioning',
      'The installer’s commissioning sheet: per ECU the settings to enter in its web interface',
    ),
  )
  .input(SitesCommissioningInput)
  .output(SitesCommissioningOutput)
  .query(({ ctx, input }) => readCommissioningSheet(ctx, input).catch(toTrpcError));
