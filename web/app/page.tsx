import { ConsoleShell } from './console-shell';
import { FleetOverviewPanel } from './fleet-overview';

export const dynamic = 'force-dynamic';

export default function FleetPage() {
  return (
    <ConsoleShell>
      <h1>Fleet</h1>
      <FleetOverviewPanel />
    </ConsoleShell>
  );
}
