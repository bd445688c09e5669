// The CALLERROR codes of OCPP-J 1.6 §4.2.3 (Table 7), spelled as 1.6 spells them: the errata v1.0 §5.1/§5.2
// keep 'OccurenceConstraintViolation' and 'FormationViolation' ("do not fix, might break implementations").
export const OCPP16_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;
export type Ocpp16ErrorCode = (typeof OCPP16_ERROR_CODES)[number];

const ocpp16Codes: ReadonlySet<string> = new Set(OCPP16_ERROR_CODES);

export function isOcpp16ErrorCode(code: unknown): code is Ocpp16ErrorCode {
  return typeof code === 'string' && ocpp16Codes.has(code);
}

/** Codes of OCPP 2.0.1 (which ocpp-rpc uses, and for 1.6 swaps the wrong way round) → their 1.6 counterpart. */
const FROM_OCPP201: ReadonlyMap<string, Ocpp16ErrorCode> = new Map([
  ['OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
  ['FormatViolation', 'FormationViolation'],
]);

/** Any code → one from the 1.6 table; what 1.6 has no code for is a GenericError ("any other error"). */
export function toOcpp16ErrorCode(code: string): Ocpp16ErrorCode {
  if (isOcpp16ErrorCode(code)) return code;
  return FROM_OCPP201.get(code) ?? 'GenericError';
}

/** A JSON-schema keyword that failed → the 1.6 error that describes it (§4.2.3 Table 7). */
export function schemaViolationCode(keyword: string): Ocpp16ErrorCode {
  switch (keyword) {
    case 'required':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return 'OccurenceConstraintViolation';
    case 'type':
      return 'TypeConstraintViolation';
    case 'enum':
    case 'const':
    case 'pattern':
    case 'format':
    case 'maxLength':
    case 'minLength':
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
    case 'multipleOf':
      return 'PropertyConstraintViolation';
    default:
      // additionalProperties and anything structural: "not conform the PDU structure for Action".
      return 'FormationViolation';
  }
}
