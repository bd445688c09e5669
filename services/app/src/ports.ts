import type { OrgRepositories } from '@ampfleet/adapters';
import type { Command, Principal } from '@ampfleet/domain';

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
  /** Who calls: set by every transport that serves people or partners; absent for system work (ingest). */
  principal?: Principal;
}

/** A use case that a person or a partner calls: the principal is known. */
export type CallerContext = UseCaseContext & { principal: Principal };

/** Settings of the read side: a charge point is online within 3 heartbeat intervals. */
export interface FleetReadSettings {
  heartbeatIntervalS: number;
}
