import { edgeBundleArchive, provisionSiteBox } from '@ampfleet/app';
import { ProvisioningError } from '@ampfleet/adapters/edge-provisioning';
import { TRPCError } from '@trpc/server';
import { siteBoxDeps, ProvisioningUnavailableError } from '../../site-box-issuer';
import { siteProcedure, toTrpcError } from '../../trpc';
import { SitesProvisionInput, SitesProvisionOutput } from './onboarding.types';

/**
 * "Provision site box" (organisation admins: site:provision): the same use case as
 * `npx ampfleet site provision`; the bundle comes back once, as a .tar.gz download, and is not kept.
 */
export const provision = siteProcedure('site:provision')
  .input(SitesProvisionInput)
  .output(SitesProvisionOutput)
  .mutation(async ({ ctx, input }) => {
    try {
      const box = await provisionSiteBox(ctx, { siteId: input.siteId }, await siteBoxDeps());
      const root = `edge-bundle-${box.siteId}`;
      return {
        siteId: box.siteId,
        mode: box.mode,
        mqttUrl: box.mqttUrl,
        chargePoints: box.chargePoints,
        details: { ...box.details },
        files: box.files.map((f) => f.name),
        fileName: `${root}.tar.gz`,
        archiveBase64: edgeBundleArchive(root, box.files, ctx.clock.now()).toString('base64'),
      };
    } catch (err) {
      if (err instanceof ProvisioningUnavailableError || err instanceof ProvisioningError)
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: err.message, cause: err });
      return toTrpcError(err);
    }
  });
