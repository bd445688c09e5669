import type { OrgRepositories } from '@ampfleet/adapters';
import type { Command } from '@ampfleet/domain';

// What every use case runs over: repositories bound to the caller's organisation, and ports for the
// things a use case must not reach for itself (clock, ids, the command path to the sites).

export type Repositories = OrgRepositories;

export interface Clock {
  now(): Date;
}

/** Hands a command to the site's edge agent (MQTT locally, IoT data-plane Publish in AWS). */
export interface CommandPublisher {
  publish(orgId: string, siteId: string, command: Command): Promise<void>;
}

export interface UseCaseContext {
  repos: Repositories;
  clock: Clock;
}

/** Settings of the read side: a charge point is online within 3 heartbeat intervals. */
export interface FleetReadSettings {
  heartbeatIntervalS: number;
}
