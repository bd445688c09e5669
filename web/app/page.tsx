import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { requirePrincipal } from '../server/current';
import { ConsoleShell } from './console-shell';
import { FleetConfigPanel } from './fleet-config';
import { FleetOverviewPanel } from './fleet-overview';

export const dynamic = 'force-dynamic';

export default async function FleetPage() {
  const principal = await requirePrincipal();
  // A site owner's home is their dashboard; the fleet view is for the organisation's staff.
  if (principal.kind === 'user' && principal.role === 'site-owner') redirect('/my');
  const t = await getTranslations('fleet');
  return (
    <ConsoleShell>
      <h1>{t('title')}</h1>
      <FleetOverviewPanel />
      <FleetConfigPanel />
    </ConsoleShell>
  );
}
