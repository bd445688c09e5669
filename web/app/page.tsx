import { redirect } from 'next/navigation';
import { requirePrincipal } from '../server/current';
import { FleetOverviewPanel } from './fleet-overview';

export const dynamic = 'force-dynamic';

export default async function FleetPage() {
  const principal = await requirePrincipal();
  // A site owner's home is their dashboard; the fleet view is for the organisation's staff.
  if (principal.kind === 'user' && principal.role === 'site-owner') redirect('/my');
  return (
    <>
      <h1>Fleet</h1>
      <FleetOverviewPanel />
    </>
  );
}
