import { getTranslations } from 'next-intl/server';
import { FleetOverviewPanel } from './fleet-overview';

export const dynamic = 'force-dynamic';

export default async function FleetPage() {
  const t = await getTranslations('fleet');
  return (
    <>
      <h1>{t('title')}</h1>
      <FleetOverviewPanel />
    </>
  );
}
