import { readdirSync, readFileSync } from 'node:fs';

// CPU and memory of one process over a window, from /proc (Linux): the edge-agent bench's meter.
// CPU is split by thread role and user/kernel time, because the agent's cost is not all JavaScript:
// LevelDB writes and fsyncs run on libuv's pool, LevelDB compacts on its own thread, V8 collects
// garbage on helpers.

export interface ProcessFigures {
  cpuPercent: number;
  peakRssMb: number;
  /** % of one core by thread role and user/kernel time (see threadTicks). */
  threads: Record<string, number>;
}

const CLOCK_TICKS_PER_S = 100;

/** [utime, stime] (clock ticks) of a /proc stat line. */
function ticksOf(stat: string): [number, number] {
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  return [Number(fields[11]), Number(fields[12])];
}
const sum = ([user, system]: [number, number]) => user + system;

/**
 * Per thread, user and kernel time. Node 20 names every thread "node", so threads are told apart by
 * role: the main thread (JavaScript, and the kernel time of its socket reads and writes) and the
 * others (libuv's pool: LevelDB's writes and fsyncs, scrypt; LevelDB's compaction; V8's GC helpers),
 * whose kernel time is mostly write + fdatasync.
 */
function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, ticks: number) => out.set(key, (out.get(key) ?? 0) + ticks);
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      const [user, system] = ticksOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      const role = tid === pid ? 'main thread' : 'other threads';
      add(`${role} user`, user);
      add(`${role} kernel`, system);
    } catch {
      // the thread ended meanwhile (its time is still in the process total)
    }
  }
  return out;
}

export async function watchProcess(pid: number, seconds: number): Promise<ProcessFigures> {
  const total = () => sum(ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  const rssMb = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const t0 = total();
  const threads0 = threadTicks(pid);
  const start = performance.now();
  let peak = rssMb();
  for (let s = 0; s < seconds; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    peak = Math.max(peak, rssMb());
  }
  const elapsedS = (performance.now() - start) / 1000;
  const percentOf = (ticks: number) => (100 * ticks) / CLOCK_TICKS_PER_S / elapsedS;
  const threads: Record<string, number> = {};
  for (const [key, ticks] of threadTicks(pid)) threads[key] = percentOf(ticks - (threads0.get(key) ?? 0));
  return { cpuPercent: percentOf(total() - t0), peakRssMb: peak, threads };
}

/** "main thread user 1.20 %; other threads kernel 0.80 %; …", largest first. */
export function describeThreads(threads: Record<string, number>): string {
  return Object.entries(threads)
    .filter(([, pct]) => pct >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, pct]) => `${kind} ${pct.toFixed(2)} %`)
    .join('; ');
}
