import type { LoadSetLimitsInput, LoadSetPeakCapInput, LoadSetScheduleInput } from './load-editor-inputs';

// Client-side checks of the editors against the site's hardware limits as load.get reports them (the
// main connection's rating, each DLM network's EVSE Sub-Distribution Limit, §7.1): a field that fails
// names itself and says why, before anything is sent. The procedures check the same again.

export interface HardwareLimits {
  /** Main connection rating per phase (A), if the site has a configuration. */
  readonly mainConnectionA?: { l1: number; l2: number; l3: number };
  /** Per DLM network: the lowest phase of its EVSE Sub-Distribution Limit (A). */
  readonly networkMaxA: Readonly<Record<string, number>>;
}

export type EditorIssue = {
  /** Dotted path of the field, as the procedures' zod errors name it. */
  readonly path: string;
  readonly key: 'wholeAmps' | 'aboveHardware' | 'timeOrder' | 'noDays' | 'peakCap' | 'aboveConnection';
  readonly max?: number;
};

/** Grid voltage phase–neutral (V) for the kW a main connection carries. */
const VOLTAGE_V = 230;
const PHASES = ['l1', 'l2', 'l3'] as const;

const wholeAmps = (a: number) => Number.isInteger(a) && a >= 0 && a <= 2000;

function phaseIssues(
  path: string,
  value: { l1: number; l2: number; l3: number },
  hw: HardwareLimits,
): EditorIssue[] {
  return PHASES.flatMap((p): EditorIssue[] => {
    const a = value[p];
    if (!wholeAmps(a)) return [{ path: `${path}.${p}`, key: 'wholeAmps' }];
    const max = hw.mainConnectionA?.[p];
    return max !== undefined && a > max ? [{ path: `${path}.${p}`, key: 'aboveHardware', max }] : [];
  });
}

export function checkLimits(limits: LoadSetLimitsInput['limits'], hw: HardwareLimits): EditorIssue[] {
  return [
    ...(limits.siteLimitA ? phaseIssues('limits.siteLimitA', limits.siteLimitA, hw) : []),
    ...limits.networks.flatMap((n, i): EditorIssue[] => {
      const path = `limits.networks.${i}.maxA`;
      if (!wholeAmps(n.maxA)) return [{ path, key: 'wholeAmps' }];
      const max = hw.networkMaxA[n.networkId];
      return max !== undefined && n.maxA > max ? [{ path, key: 'aboveHardware', max }] : [];
    }),
  ];
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function checkSchedule(schedule: LoadSetScheduleInput['schedule'], hw: HardwareLimits): EditorIssue[] {
  return schedule.entries.flatMap((e, i): EditorIssue[] => [
    ...(e.days.length === 0 ? [{ path: `schedule.entries.${i}.days`, key: 'noDays' as const }] : []),
    ...(minutesOf(e.to) <= minutesOf(e.from)
      ? [{ path: `schedule.entries.${i}.to`, key: 'timeOrder' as const }]
      : []),
    ...phaseIssues(`schedule.entries.${i}.siteLimitA`, e.siteLimitA, hw),
  ]);
}

export function checkPeakCap(peakCapKw: LoadSetPeakCapInput['peakCapKw'], hw: HardwareLimits): EditorIssue[] {
  if (peakCapKw === null) return [];
  const tenths = Math.round(peakCapKw * 10);
  if (!(peakCapKw >= 1 && peakCapKw <= 5000) || Math.abs(tenths - peakCapKw * 10) > 1e-6)
    return [{ path: 'peakCapKw', key: 'peakCap' }];
  const main = hw.mainConnectionA;
  if (main) {
    const maxKw = Math.floor(((main.l1 + main.l2 + main.l3) * VOLTAGE_V) / 100) / 10;
    if (peakCapKw > maxKw) return [{ path: 'peakCapKw', key: 'aboveConnection', max: maxKw }];
  }
  return [];
}
