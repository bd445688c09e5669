import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aSite, anAmedio, anAmtron } from './builders';
import {
  changedSecretPaths,
  joinSecrets,
  keepOmittedSecrets,
  maskSecrets,
  SECRET_MASK,
  SECRET_PARAM_KEYS,
  splitSecrets,
} from './desired-secrets';
import type { Site } from './site';
import { diffSites } from './site-diff';

// Secrets of a desired configuration: split off whole, masked on the way out, kept when a save omits them.

const secretText = fc.string({ minLength: 8, maxLength: 40 }).map((s) => `pw-${s}`);

function siteWith(passwords: { operator?: string; basic?: string }[]): Site {
  const stations = passwords.map((p, i) => {
    const station = anAmedio({
      id: `st-${i}`,
      config: p.basic ? { httpBasicAuthPassword: p.basic } : {},
    });
    return {
      ...station,
      ecus: station.ecus.map((ecu) =>
        p.operator ? { ...ecu, credentials: { user: 'operator', password: p.operator } } : ecu,
      ),
    };
  });
  return aSite({ id: 'site-x', stations });
}

const sites = fc
  .array(
    fc.record({
      operator: fc.option(secretText, { nil: undefined }),
      basic: fc.option(secretText, { nil: undefined }),
    }),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map((passwords) => ({ passwords, site: siteWith(passwords) }));

describe('desired-configuration secrets', () => {
  it('knows the OCPP Basic-auth password as a secret parameter (§6)', () => {
    expect(SECRET_PARAM_KEYS).toContain('httpBasicAuthPassword');
  });

  it('split → join gives the site back; the split site and the masked site hold no secret', () => {
    fc.assert(
      fc.property(sites, ({ passwords, site }) => {
        const { site: stripped, secrets } = splitSecrets(site);
        expect(joinSecrets(stripped, secrets)).toEqual(site);
        const shown = JSON.stringify([stripped, maskSecrets(stripped, secrets)]);
        for (const p of passwords) {
          if (p.operator) expect(shown).not.toContain(p.operator);
          if (p.basic) expect(shown).not.toContain(p.basic);
        }
      }),
    );
  });

  it('a save that sends the masks back, or leaves secrets out, keeps every stored secret', () => {
    fc.assert(
      fc.property(sites, ({ site }) => {
        const { site: stripped, secrets } = splitSecrets(site);
        expect(keepOmittedSecrets(maskSecrets(stripped, secrets), secrets)).toEqual(site);
        expect(keepOmittedSecrets(stripped, secrets)).toEqual(site);
        expect(
          changedSecretPaths(stripped, secrets, splitSecrets(keepOmittedSecrets(stripped, secrets)).secrets),
        ).toEqual([]);
      }),
    );
  });

  it('a new secret replaces the stored one and is named by path, without its value', () => {
    const before = siteWith([{ operator: 'pw-old-operator', basic: 'pw-old-basic' }]);
    const { site: stripped, secrets } = splitSecrets(before);
    const masked = maskSecrets(stripped, secrets);
    const ecu = masked.stations[0]!.ecus[0]!;
    expect(ecu.credentials).toEqual({ user: 'operator', password: SECRET_MASK });
    const edited: Site = {
      ...masked,
      stations: [
        {
          ...masked.stations[0]!,
          ecus: [
            { ...ecu, credentials: { user: 'operator', password: 'pw-new' } },
            masked.stations[0]!.ecus[1]!,
          ],
        },
      ],
    };
    const after = splitSecrets(keepOmittedSecrets(edited, secrets)).secrets;
    expect(after[ecu.chargePointId]?.credentials?.password).toBe('pw-new');
    expect(after[ecu.chargePointId]?.params?.httpBasicAuthPassword).toBe('pw-old-basic');
    expect(changedSecretPaths(stripped, secrets, after)).toEqual([
      `stations[st-0].ecus[${ecu.chargePointId}].credentials`,
    ]);
  });
});

describe('diffSites', () => {
  it('matches stations and ECUs by identity: reordering is no change; a parameter is one leaf', () => {
    const a = aSite({ stations: [anAmtron({ id: 'a' }), anAmtron({ id: 'b' })] });
    const reordered: Site = { ...a, stations: [a.stations[1]!, a.stations[0]!] };
    expect(diffSites(a, reordered)).toEqual([]);
    const b = aSite({
      stations: [
        anAmtron({ id: 'a' }),
        anAmtron({ id: 'b', config: { mainDistributionLimit: { l1: 63, l2: 63, l3: 63 } } }),
      ],
    });
    expect(diffSites(a, b)).toEqual([
      {
        path: 'stations[b].ecus[b-cp1].config.mainDistributionLimit',
        kind: 'added',
        to: { l1: 63, l2: 63, l3: 63 },
      },
    ]);
  });

  it('is empty exactly for equal sites, and reversing swaps added and removed', () => {
    fc.assert(
      fc.property(sites, sites, ({ site: x }, { site: y }) => {
        expect(diffSites(x, x)).toEqual([]);
        const forward = diffSites(x, y);
        const back = diffSites(y, x);
        expect(back.map((c) => c.path)).toEqual(forward.map((c) => c.path));
        const flip = { added: 'removed', removed: 'added', changed: 'changed' } as const;
        expect(back.map((c) => c.kind)).toEqual(forward.map((c) => flip[c.kind]));
      }),
      { numRuns: 50 },
    );
  });
});
