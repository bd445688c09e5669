import ocppRpc from 'ocpp-rpc';
import ocpp16Schemas from 'ocpp-rpc/lib/schemas/ocpp1_6.json' with { type: 'json' };
import { createRpcError } from './rpc';
import { schemaViolationCode } from './ocpp16-errors';

// Strict-mode validation against the OCPP 1.6 JSON schemas ocpp-rpc ships (already carrying the errata's
// 'Celsius'/'Celcius' in MeterValues and StopTransaction), answering with the 1.6 code for what failed.
// ocpp-rpc's own mapping uses OCPP 2.0.1 codes (FormatViolation) for length and range violations.

export interface StrictModeValidator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): boolean;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

const inner = ocppRpc.createValidator('ocpp1.6', ocpp16Schemas) as StrictModeValidator;

export const ocpp16Validator: StrictModeValidator = {
  subprotocol: 'ocpp1.6',
  validate(schemaId, params) {
    try {
      return inner.validate(schemaId, params);
    } catch (err) {
      const first = (err as { details?: { errors?: SchemaError[] } }).details?.errors?.[0];
      if (!first) throw err;
      const field = fieldOf(first);
      throw createRpcError(
        schemaViolationCode(first.keyword),
        `${field || 'payload'}: ${first.message ?? 'invalid'}`,
        {
          field,
          keyword: first.keyword,
        },
      );
    }
  },
};

/** The dotted path of the bad field, e.g. meterValue.0.sampledValue.1.unit, as the rest of ampfleet names fields. */
function fieldOf(error: SchemaError): string {
  const child = error.params?.missingProperty ?? error.params?.additionalProperty;
  const path = error.instancePath.split('/').filter(Boolean);
  return (child === undefined ? path : [...path, child]).join('.');
}
