import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TwinFindingCode } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';

// The twin's diagnoses come from the domain as codes + parameters (load.get `findings`); every code has
// a title, a message and a fix in English and German, and each message names only parameters the
// domain sends for that code (plus the finding's own chargePointId).
const PARAMS: Record<TwinFindingCode, readonly string[]> = {
  phaseRotationContradicted: ['configured', 'measured', 'evPhases', 'drawnOn', 'expectedOn'],
  satelliteNotConnected: ['master', 'predictedA', 'reportedOfferedA'],
  limitNotAsConfigured: ['setting', 'configured', 'reported'],
  meterSettingNotAsConfigured: ['setting', 'configured', 'reported'],
  fallbackMeterLost: ['fallback'],
  offerGap: ['predictedA', 'reportedOfferedA', 'drawnA'],
};

const read = (locale: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../messages/${locale}/twin.json`, import.meta.url)), 'utf8'),
  ) as { finding: Record<string, { title: string; message: string; fix: string }> };

describe('twin messages', () => {
  it.each(['en', 'de'])(
    '%s: every finding code has a title, message and fix over its parameters',
    (locale) => {
      const { finding } = read(locale);
      expect(Object.keys(finding).sort()).toEqual([...TwinFindingCode.options].sort());
      for (const code of TwinFindingCode.options) {
        const texts = finding[code];
        expect(texts?.title).toBeTruthy();
        expect(texts?.fix).toMatch(/§\d/);
        const named = [...(texts?.message ?? '').matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]);
        for (const name of named) expect([...PARAMS[code], 'chargePointId']).toContain(name);
      }
    },
  );
});
