import { describe, expect, it } from 'vitest';
import { siteListHref, siteListQueryOf } from './query';

// The site list's URL ↔ sites.list input: the fleet view's links and the filter form both go through it.
describe('siteListQueryOf', () => {
  it('reads the rule, parameter and drift filters next to the others', () => {
    expect(
      siteListQueryOf({ rule: 'dlm.master-count', parameter: 'dlmSampleRate', drift: 'yes', findings: 'no' }),
    ).toEqual({
      query: expect.objectContaining({
        rule: 'dlm.master-count',
        parameter: 'dlmSampleRate',
        hasDrift: true,
        hasFindings: false,
      }) as unknown,
    });
    expect(siteListQueryOf({ drift: 'no' })).toMatchObject({ query: { hasDrift: false } });
    expect(siteListQueryOf({ rule: '', parameter: '' })).toMatchObject({ query: { sort: 'name' } });
  });

  it('names the bad field', () => {
    expect(siteListQueryOf({ parameter: 'nope' })).toEqual({
      error: expect.stringMatching(/^parameter: /) as unknown,
    });
    expect(siteListQueryOf({ rule: 'Not A Rule' })).toEqual({
      error: expect.stringMatching(/^rule: /) as unknown,
    });
  });

  it('round-trips a link of the fleet view', () => {
    const href = siteListHref({ rule: 'meter.fallback-effect', firmware: '4.61' });
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(siteListQueryOf(params)).toMatchObject({
      query: { rule: 'meter.fallback-effect', firmware: '4.61' },
    });
  });
});
