import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createLogger } from './log';

const reserved = new Set(['level', 'component', 'message', 'time', '__proto__']);
const fieldName = fc.string().filter((name) => !reserved.has(name));

describe('createLogger', () => {
  test.prop([fc.constantFrom('info', 'warn', 'error'), fc.string(), fc.dictionary(fieldName, fc.integer())])(
    'writes one JSON object per line with level, component, message and the fields',
    (level, message, fields) => {
      const lines: string[] = [];
      const log = createLogger('edge', (line) => lines.push(line));
      log[level](message, fields);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.endsWith('\n')).toBe(true);
      expect(lines[0]?.slice(0, -1)).not.toContain('\n');
      const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
      expect(parsed).toMatchObject({ ...fields, level, component: 'edge', message });
      expect(Number.isNaN(Date.parse(String(parsed.time)))).toBe(false);
    },
  );
});
