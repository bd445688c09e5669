import { ingestRouteOf, type TelemetryMessage } from '../contracts/messages';
import type { IngestChange } from './charge-point-ingest';

// What one telemetry message changes in the stored state of its charge point and connectors,
// independent of the database: the 'chargePoint' route's changes (other routes change none of it).

export interface IngestPlan {
  changes: IngestChange[];
  /** The site's and charge point's freshness marks move forward with every message. */
  observedAt: string;
}

export function planIngest(message: TelemetryMessage): IngestPlan {
  const route = ingestRouteOf(message);
  return { changes: route.route === 'chargePoint' ? route.changes : [], observedAt: message.observedAt };
}
