import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { asOcpp16 } from './ocpp16-conformance';
import {
  isOcpp16ErrorCode,
  OCPP16_ERROR_CODES,
  schemaViolationCode,
  toOcpp16ErrorCode,
} from './ocpp16-errors';
import { MAX_MESSAGE_ID_LENGTH, readInboundFrame } from './ocpp16-frame';

describe('readInboundFrame (OCPP-J 1.6 §4)', () => {
  test.prop([fc.string()])('never throws, and rejects only a CALL whose UniqueId it can read', (text) => {
    const frame = readInboundFrame(text);
    if (frame.kind === 'reject')
      expect(JSON.parse(text)).toEqual(expect.arrayContaining([2, frame.messageId]));
  });

  test.prop([fc.jsonValue()])('a frame without a string UniqueId is never answered', (value) => {
    fc.pre(!Array.isArray(value) || typeof value[1] !== 'string');
    expect(readInboundFrame(JSON.stringify(value)).kind).toBe('ignore');
  });

  test.prop([fc.integer().filter((t) => t < 2 || t > 4), fc.string(), fc.jsonValue()])(
    'an unknown MessageTypeId is ignored (§4.1.3)',
    (type, id, rest) => {
      expect(readInboundFrame(JSON.stringify([type, id, rest])).kind).toBe('ignore');
    },
  );

  test.prop([
    fc.string({ minLength: 1, maxLength: MAX_MESSAGE_ID_LENGTH }),
    fc.string({ minLength: 1 }),
    fc.dictionary(fc.string(), fc.jsonValue()),
  ])('a well-formed CALL passes unchanged', (id, action, payload) => {
    const text = JSON.stringify([2, id, action, payload]);
    expect(readInboundFrame(text)).toEqual({ kind: 'pass', text });
  });

  it('normalises a null payload or result to {} (§4.2.1, §4.2.2)', () => {
    expect(readInboundFrame('[2,"a","Heartbeat",null]')).toEqual({
      kind: 'pass',
      text: '[2,"a","Heartbeat",{}]',
    });
    expect(readInboundFrame('[3,"a",null]')).toEqual({ kind: 'pass', text: '[3,"a",{}]' });
  });
});

describe('1.6 error codes', () => {
  test.prop([fc.string()])('every code maps into the 1.6 table', (code) => {
    expect(OCPP16_ERROR_CODES).toContain(toOcpp16ErrorCode(code));
    expect(OCPP16_ERROR_CODES).toContain(schemaViolationCode(code));
  });

  it('maps the 2.0.1 spellings back to 1.6 (errata §5.1, §5.2) and keeps 1.6 codes', () => {
    expect(toOcpp16ErrorCode('OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
    expect(toOcpp16ErrorCode('FormatViolation')).toBe('FormationViolation');
    expect(toOcpp16ErrorCode('RpcFrameworkError')).toBe('GenericError');
    expect(toOcpp16ErrorCode('MessageTypeNotSupported')).toBe('GenericError');
    for (const code of OCPP16_ERROR_CODES) expect(toOcpp16ErrorCode(code)).toBe(code);
    expect(schemaViolationCode('required')).toBe('OccurenceConstraintViolation');
  });

  test.prop([fc.string(), fc.string(), fc.string()])(
    'asOcpp16 leaves the id, description and details of a CALLERROR and touches nothing else',
    (id, code, description) => {
      const out = JSON.parse(asOcpp16(JSON.stringify([4, id, code, description, { a: 1 }]))) as unknown[];
      expect(out).toEqual([4, id, toOcpp16ErrorCode(code), description, { a: 1 }]);
      expect(isOcpp16ErrorCode(out[2])).toBe(true);
      const result = JSON.stringify([3, id, { code }]);
      expect(asOcpp16(result)).toBe(result);
    },
  );
});
