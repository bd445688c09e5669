import { FleetOverviewPanel } from './fleet-overview';

export const dynamic = 'force-dynamic';

export default function FleetPage() {
  return (
    <>
      <h1>Fleet</h1>
      <FleetOverviewPanel />
    </>
  );
}
