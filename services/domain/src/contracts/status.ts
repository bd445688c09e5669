import { z } from 'zod';

/** OCPP 1.6 ChargePointStatus (StatusNotification), shared by the telemetry and DLM contracts. */
export const ConnectorStatus = z.enum([
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
]);
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;
