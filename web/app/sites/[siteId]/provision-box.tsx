import { permissionsOf } from '@ampfleet/domain';
import { currentPrincipal } from '../../../server/current';
import { ProvisionBoxButton } from './provision-box-button';

/** "Provision site box" on the site page, for organisation admins (site:provision; issue #14 point 3). */
export async function ProvisionBox({ siteId }: { siteId: string }) {
  const principal = await currentPrincipal();
  if (!principal || !permissionsOf(principal).has('site:provision')) return null;
  return <ProvisionBoxButton siteId={siteId} />;
}
