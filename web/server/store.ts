import { openFleetStore, type FleetStore } from '@ampfleet/adapters';
import { serverEnv } from './env';

// The fleet store, opened once per server process. Only `forOrg` looks inside it (trpc.ts).
let store: FleetStore | undefined;

export function fleetStore(): FleetStore {
  store ??= openFleetStore(serverEnv());
  return store;
}
