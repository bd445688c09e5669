import { test as fcTest } from '@fast-check/vitest';
import {
  aSite,
  anAmtron,
  ECU_PARAM_KEYS,
  paramSpec,
  paramValueSchema,
  SECRET_MASK,
  Site,
  targetPath,
  type EcuParamKey,
  type IntParam,
} from '@ampfleet/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchorOfPath,
  applyEdits,
  describePath,
  ecuParamGroups,
  editErrors,
  fieldKey,
  overlappingEdits,
  paramAnchor,
  parseRaw,
  rawOf,
  type Edits,
  type FieldRef,
  type RawValue,
} from './model';

// The Configuration tab's model: names per the ECU's own firmware, field validation that never accepts
// what the domain's schema refuses, and edits that make a valid draft.

const siteOn = (firmware: string) =>
  aSite({ id: 'site-m', stations: [anAmtron({ id: 'st', firmware, config: { operatorCurrentLimit: 16 } })] });
const ecuOf = (site: Site) => site.stations[0]!.ecus[0]!;
const ref = (key: EcuParamKey): FieldRef => ({ stationId: 'st', chargePointId: 'st-cp1', key });
const edit = (key: EcuParamKey, raw: RawValue): Edits => ({ [fieldKey(ref(key))]: { ref: ref(key), raw } });
const rowOf = (site: Site, key: EcuParamKey) =>
  ecuParamGroups(ecuOf(site))
    .groups.flatMap((g) => g.rows)
    .find((r) => r.key === key)!;

describe('parameters under the ECU’s own firmware', () => {
  it('shows a parameter renamed in 4.61 under each firmware’s name', () => {
    expect(rowOf(siteOn('4.52-5101-0f1e2d3c'), 'networkMode').name).toBe('Mode for network configuration');
    expect(rowOf(siteOn('4.61-5630-1a2b3c4d'), 'networkMode').name).toBe('Mode for ethernet configuration');
  });

  it('marks a parameter the firmware lacks as not applicable, and every parameter once, in its menu', () => {
    const old = ecuParamGroups(ecuOf(siteOn('4.52-5101-0f1e2d3c')));
    const row = old.groups.flatMap((g) => g.rows).find((r) => r.key === 'httpBasicAuthPassword');
    expect(row).toMatchObject({ applicable: false, name: undefined, secret: true });
    const keys = old.groups.flatMap((g) => g.rows.map((r) => r.key));
    expect(keys.sort()).toEqual([...ECU_PARAM_KEYS].sort());
    for (const group of old.groups) for (const r of group.rows) expect(r.spec.menu).toBe(group.menu);
  });
});

describe('field validation', () => {
  it('names the range and unit of an out-of-range value; empty means not set', () => {
    expect(parseRaw(paramSpec('operatorCurrentLimit'), '99')).toEqual({
      error: { code: 'range', values: { min: 0, max: 80, unit: 'A' } },
    });
    expect(parseRaw(paramSpec('operatorCurrentLimit'), '1.5')).toMatchObject({
      error: { code: 'wholeNumber' },
    });
    expect(parseRaw(paramSpec('operatorCurrentLimit'), '')).toEqual({ value: undefined });
    expect(parseRaw(paramSpec('operatorCurrentLimit'), ' 12 ')).toEqual({ value: 12 });
  });

  it('checks each phase of a per-phase value and the format of an address', () => {
    const spec = paramSpec('evseSubDistributionLimit');
    expect(parseRaw(spec, { l1: '32', l2: '32', l3: '32' })).toEqual({ value: { l1: 32, l2: 32, l3: 32 } });
    expect(parseRaw(spec, { l1: '32', l2: '', l3: '32' })).toMatchObject({ error: { code: 'wholeNumber' } });
    expect(parseRaw(paramSpec('staticIp'), '192.168.0.300')).toEqual({ error: { code: 'ipv4', values: {} } });
    expect(parseRaw(paramSpec('staticIp'), '')).toEqual({ value: '' });
  });

  it('keeps a secret left empty as the mask (config.save keeps the stored one) and never shows it', () => {
    const spec = paramSpec('httpBasicAuthPassword');
    expect(parseRaw(spec, '')).toEqual({ value: SECRET_MASK });
    expect(rawOf(spec, SECRET_MASK)).toBe('');
    expect(parseRaw(spec, 'n3w-secret')).toEqual({ value: 'n3w-secret' });
  });

  const intKeys = ECU_PARAM_KEYS.filter((k) => paramSpec(k).type === 'int');
  fcTest.prop([fc.constantFrom(...intKeys), fc.integer({ min: -100_000, max: 100_000 })])(
    'accepts an integer exactly when the domain schema does',
    (key, n) => {
      const spec = paramSpec(key) as IntParam;
      const parsed = parseRaw(spec, String(n));
      expect('value' in parsed).toBe(paramValueSchema(spec).safeParse(n).success);
      if ('value' in parsed) expect(parsed.value).toBe(n);
    },
  );

  fcTest.prop([fc.constantFrom(...ECU_PARAM_KEYS), fc.string({ maxLength: 20 })])(
    'never accepts a value the domain schema refuses',
    (key, text) => {
      const spec = paramSpec(key);
      const parsed = parseRaw(spec, text);
      if ('value' in parsed && parsed.value !== undefined && parsed.value !== SECRET_MASK)
        expect(paramValueSchema(spec).safeParse(parsed.value).success).toBe(true);
    },
  );
});

describe('edits and the draft', () => {
  it('applies valid edits, leaves out invalid ones, and the draft is a valid Site', () => {
    const site = siteOn('4.61-5630-1a2b3c4d');
    const edits = { ...edit('operatorCurrentLimit', '3'), ...edit('dlmSampleRate', 'abc') };
    expect(Object.keys(editErrors(edits))).toEqual([fieldKey(ref('dlmSampleRate'))]);
    const draft = applyEdits(site, edits);
    expect(ecuOf(draft).config.operatorCurrentLimit).toBe(3);
    expect(ecuOf(draft).config.dlmSampleRate).toBe(ecuOf(site).config.dlmSampleRate);
    expect(Site.safeParse(draft).success).toBe(true);
    const unset = applyEdits(site, edit('operatorCurrentLimit', ''));
    expect('operatorCurrentLimit' in ecuOf(unset).config).toBe(false);
  });

  it('names the edits whose parameter someone else changed meanwhile', () => {
    const old = siteOn('4.61-5630-1a2b3c4d');
    const newer = applyEdits(old, edit('operatorCurrentLimit', '20'));
    const edits = { ...edit('operatorCurrentLimit', '10'), ...edit('dlmNetworkId', '2') };
    expect(overlappingEdits(edits, old, newer)).toEqual([fieldKey(ref('operatorCurrentLimit'))]);
  });
});

describe('links from findings to fields', () => {
  it('turns a parameter finding’s path into its field’s anchor, and names it as the ECU’s firmware does', () => {
    const path = targetPath({
      kind: 'parameter',
      stationId: 'st',
      chargePointId: 'st-cp1',
      parameter: 'networkMode',
    });
    expect(anchorOfPath(path)).toBe(paramAnchor(ref('networkMode')));
    expect(describePath(siteOn('4.52-5101-0f1e2d3c'), path)).toEqual({
      chargePointId: 'st-cp1',
      name: 'Mode for network configuration',
      anchor: paramAnchor(ref('networkMode')),
    });
    expect(anchorOfPath(targetPath({ kind: 'ecu', stationId: 'st', chargePointId: 'st-cp1' }))).toBe(
      'ecu:st/st-cp1',
    );
    expect(anchorOfPath('lans[lan-1]')).toBeUndefined();
  });
});
