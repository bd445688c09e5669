import type { DlmStateTelemetry, SiteMeterTelemetry } from '../contracts/dlm';
import type { MessageBody } from '../contracts/envelope';
import type { ConnectorStatus, PhaseCurrents } from '../contracts/telemetry';
import type { ConnectorSession } from './sessions';

// Stored fleet state as the data layer returns it (attributes of the fleet table's items, without keys).

export interface SiteRecord {
  orgId: string;
  siteId: string;
  name: string;
  /** When the newest telemetry message of any of the site's charge points was observed (ISO). */
  lastTelemetryAt?: string;
}

export interface ChargePointRecord {
  orgId: string;
  siteId: string;
  chargePointId: string;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  bootedAt?: string;
  /** Last message of any kind from this charge point (ISO). */
  seenAt?: string;
}

export interface ConnectorRecord {
  orgId: string;
  siteId: string;
  chargePointId: string;
  connectorId: number;
  status?: ConnectorStatus;
  errorCode?: string;
  statusAt?: string;
  currentImport?: PhaseCurrents;
  currentOffered?: PhaseCurrents;
  activePowerW?: number;
  energyImportWh?: number;
  meterAt?: string;
  /** The transaction running on the connector, if any (sessions.ts). */
  session?: ConnectorSession;
  sessionOrder?: string;
}

/** One DLM network of a site: the latest DLM state and external-meter reading the edge agent sent. */
export interface DlmNetworkRecord {
  orgId: string;
  siteId: string;
  networkId: string;
  masterChargePointId: string;
  state?: MessageBody<DlmStateTelemetry, 'networkId'>;
  stateAt?: string;
  meter?: MessageBody<SiteMeterTelemetry, 'networkId'>;
  meterAt?: string;
}
