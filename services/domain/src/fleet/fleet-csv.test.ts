import { describe, expect, it } from 'vitest';
import type { AuditRuleInfo } from '../audit/finding';
import { listRules } from '../audit/engine';
import { FLEET_FINDINGS_CSV_HEADER, fleetFindingsCsv, fleetRuleRows } from './fleet-csv';

const rule = (id: string, title: string): AuditRuleInfo => ({
  id,
  severity: 'warning',
  target: 'site',
  section: '§7.1',
  title,
  source: 'stated',
});

describe('fleet findings by rule', () => {
  it('lists rules with findings, most sites first, with § and title from the rule catalog', () => {
    const rows = fleetRuleRows(
      {
        findingsByRule: { 'a.one': 5, 'b.two': 2, 'c.gone': 1 },
        sitesByRule: { 'a.one': 1, 'b.two': 2, 'c.gone': 1 },
      },
      [rule('a.one', 'One'), rule('b.two', 'Two')],
    );
    expect(rows.map((r) => [r.ruleId, r.sites, r.findings, r.rule?.title])).toEqual([
      ['b.two', 2, 2, 'Two'],
      ['a.one', 1, 5, 'One'],
      ['c.gone', 1, 1, undefined],
    ]);
  });

  it('writes CSV with commas, quotes and line breaks in a title quoted', () => {
    const csv = fleetFindingsCsv({ findingsByRule: { 'a.one': 3 }, sitesByRule: { 'a.one': 2 } }, [
      rule('a.one', 'Set the "master", then\nrestart'),
    ]);
    expect(csv).toBe(
      `${FLEET_FINDINGS_CSV_HEADER.join(',')}\r\n` +
        'a.one,§7.1,warning,"Set the ""master"", then\nrestart",2,3\r\n',
    );
  });

  it('knows every rule of the engine by id', () => {
    const rules = listRules();
    const counts = Object.fromEntries(rules.map((r) => [r.id, 1]));
    expect(fleetRuleRows({ findingsByRule: counts, sitesByRule: counts }, rules).every((r) => r.rule)).toBe(
      true,
    );
  });
});
