import { readStoreHealth } from '@ampfleet/adapters';
import { fleetStore } from '../../../server/store';

export const dynamic = 'force-dynamic';

/** GET /api/health: counts and freshness from the stored data (no tenant details). */
export async function GET(): Promise<Response> {
  try {
    return Response.json(await readStoreHealth(fleetStore()), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return Response.json({ status: 'unavailable', error: (err as Error).message }, { status: 503 });
  }
}
