import { OWNER_CHARGE_POINT_STATES, OWNER_FAULT_CODES } from '@ampfleet/domain';
import { describe, expect, it } from 'vitest';
import de from '../../messages/de/dashboard.json';
import en from '../../messages/en/dashboard.json';
import { localeOf, translator, type MessageKey } from './i18n';

const leaves = (node: unknown, prefix = ''): string[] =>
  typeof node === 'string'
    ? [prefix]
    : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
        leaves(v, prefix ? `${prefix}.${k}` : k),
      );

describe('the dashboard strings', () => {
  it('German has every English key and no other', () => {
    expect(leaves(de).sort()).toEqual(leaves(en).sort());
  });

  it('has a state for every owner state and a sentence and a remedy for every fault code', () => {
    const t = translator('en');
    for (const s of OWNER_CHARGE_POINT_STATES)
      expect(t(`chargePoints.state.${s}`)).not.toMatch(/^chargePoints/);
    for (const code of OWNER_FAULT_CODES)
      for (const part of ['what', 'todo'])
        expect(t(`faults.code.${code}.${part}` as MessageKey)).not.toMatch(/^faults/);
  });

  it('fills placeholders and picks the locale from Accept-Language by weight', () => {
    expect(translator('de')('updated', { time: '09:41' })).toBe('Stand 09:41');
    expect(localeOf('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeOf('fr-FR,en;q=0.5,de;q=0.7')).toBe('de');
    expect(localeOf('fr-FR')).toBe('en');
    expect(localeOf(null)).toBe('en');
  });
});
