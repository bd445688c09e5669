import { describe, expect, it } from 'vitest';
import { Site } from '../config/site';
import { auditSite, listRules } from './engine';
import { ruleFixtures } from './fixtures/index';

// Issue point 7: every rule has a fixture that fires it and one that does not.

describe('audit rules', () => {
  const rules = listRules();

  it('has at least 40 rules with unique ids, a section and a severity', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.section).toMatch(/^§/);
  });

  it('has a fixture pair for every rule', () => {
    const covered = new Set(ruleFixtures.map((f) => f.ruleId));
    expect(rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  describe.each(ruleFixtures.map((f) => [f.ruleId, f] as const))('%s', (ruleId, fixture) => {
    it('fires on its fixture, with a fix in the message', () => {
      const site = Site.parse(fixture.fires());
      const findings = auditSite(site).filter((f) => f.ruleId === ruleId);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(f.message.length).toBeGreaterThan(30);
    });
    it('does not fire on its passing fixture', () => {
      const site = Site.parse(fixture.passes());
      expect(auditSite(site).filter((f) => f.ruleId === ruleId)).toEqual([]);
    });
  });
});
