import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TwinDiagnosis } from '../contracts/twin';
import { DEFAULT_TWIN_WINDOW, findingKey, stepWindow, type NetworkWindow } from './twin-window';

// The window's hysteresis over random sequences of evaluations (one per sample period, injected times):
// a symptom is raised only after it persisted; a raised finding clears only after it stayed away; a
// symptom that never persists is never raised; nothing flaps faster than the thresholds allow.

const SAMPLE_S = 30;
const symptom: TwinDiagnosis = {
  code: 'limitNotAsConfigured',
  networkId: 'dlm-0',
  chargePointId: 'cp-1',
  manualSection: '§7.1',
  params: { setting: 'operatorEvseSubDistributionLimit', configured: '32/32/32', reported: '10/10/10' },
};
const at = (i: number) => new Date(Date.UTC(2026, 11, 2, 10) + i * SAMPLE_S * 1000).toISOString();

function run(presence: readonly boolean[]) {
  let window: NetworkWindow | undefined;
  const events: { i: number; kind: 'raised' | 'cleared' }[] = [];
  const active: boolean[] = [];
  presence.forEach((present, i) => {
    const step = stepWindow(window, present ? [symptom] : [], {
      at: at(i),
      changeKey: '',
      sampleRateS: SAMPLE_S,
    });
    window = step.window;
    for (const _ of step.raised) events.push({ i, kind: 'raised' });
    for (const _ of step.cleared) events.push({ i, kind: 'cleared' });
    active.push(findingKey(symptom) in window.active);
  });
  return { events, active };
}

describe('twin window', () => {
  const { raiseAfterEvaluations: raiseN, clearAfterEvaluations: clearN } = DEFAULT_TWIN_WINDOW;

  it('raises after the symptom persisted, keeps it through a short absence, clears after a long one', () => {
    const presence = [
      ...Array<boolean>(raiseN).fill(true),
      ...Array<boolean>(clearN - 1).fill(false),
      true,
      ...Array<boolean>(clearN).fill(false),
    ];
    expect(run(presence).events).toEqual([
      { i: raiseN - 1, kind: 'raised' },
      { i: presence.length - 1, kind: 'cleared' },
    ]);
  });

  it('a symptom that comes and goes is never raised', () => {
    expect(run([true, false, true, false, true, true, false, true]).events).toEqual([]);
  });

  it('over any sequence: raised only after a run of raiseN, cleared only after a run of clearN absences', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (presence) => {
        const { events, active } = run(presence);
        let raisedAt = -1;
        for (const e of events) {
          const window = presence.slice(
            Math.max(0, e.i - (e.kind === 'raised' ? raiseN : clearN) + 1),
            e.i + 1,
          );
          if (e.kind === 'raised') {
            expect(window).toEqual(Array<boolean>(raiseN).fill(true));
            raisedAt = e.i;
          } else {
            expect(window).toEqual(Array<boolean>(clearN).fill(false));
            expect(e.i - raisedAt).toBeGreaterThanOrEqual(clearN);
          }
        }
        // Events alternate, starting with a raise; the active flag follows them.
        events.forEach((e, n) => expect(e.kind).toBe(n % 2 === 0 ? 'raised' : 'cleared'));
        const last = events.at(-1);
        expect(active.at(-1) ?? false).toBe(last?.kind === 'raised');
      }),
    );
  });

  it('needs the run to span the window in time, not only in count (a burst of change evaluations)', () => {
    let window: NetworkWindow | undefined;
    const burst = ['10:00:00', '10:00:02', '10:00:04', '10:00:06'].map((t) => `2026-12-02T${t}.000Z`);
    for (const t of burst) {
      const step = stepWindow(window, [symptom], { at: t, changeKey: t, sampleRateS: SAMPLE_S });
      expect(step.raised).toEqual([]);
      window = step.window;
    }
    const later = stepWindow(window, [symptom], {
      at: '2026-12-02T10:01:00.000Z',
      changeKey: '',
      sampleRateS: SAMPLE_S,
    });
    expect(later.raised).toEqual([findingKey(symptom)]);
    expect(later.window.active[findingKey(symptom)]?.firstSeenAt).toBe(burst[0]);
  });
});
