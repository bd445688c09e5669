import type { CapacityPoint, SimulationReport } from '@ampfleet/domain';
import { capacityCurve, simulate, SimulationScenario } from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import type { CliIo } from '../io';
import { printJson, printTable, readJsonFile } from '../io';

/** A CliIo that may say whether stderr is a terminal (the bin can set it from process.stderr.isTTY). */

const BAR_WIDTH = 30;

/** Every long job shows progress (STYLE.md habit 9): in place on a terminal, else every 10 %. */
export function progressBar(io: CliIo, label: string): { update(fraction: number): void; done(): void } {
  const tty = io.stderrIsTTY === true;
  let shown = -1;
  return {
    update(fraction) {
      const percent = Math.min(100, Math.floor(fraction * 100));
      const step = tty ? percent : Math.floor(percent / 10) * 10;
      if (step <= shown) return;
      shown = step;
      const filled = Math.round((step / 100) * BAR_WIDTH);
      const bar = `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(step).padStart(3)} %`;
      io.stderr(tty ? `\r${bar}` : `${bar}\n`);
    },
    done() {
      if (tty && shown >= 0) io.stderr('\n');
    },
  };
}

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${flag} must be a number > 0, got '${value}'`, 2);
  return n;
}

const kWh = (wh: number): string => `${(wh / 1000).toFixed(1)} kWh`;
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
const amps = (a: readonly number[]): string => `${a.map((x) => x.toFixed(1)).join('/')} A`;

function printReport(io: CliIo, r: SimulationReport): void {
  const t = r.totals;
  io.stdout(
    `${r.scenario}: ${r.hours} h at ${r.sampleRateS} s (${r.steps} steps), ${r.chargePoints} charge points, ${t.evs} EVs\n` +
      `delivered ${kWh(t.deliveredWh)} of ${kWh(t.demandWh)} (${pct(t.shareOfDemandMet)} of demand met), unmet ${kWh(t.unmetWh)}; ` +
      `turned away ${t.turnedAway}, most waiting ${t.maxWaiting}; still plugged in at the end ${t.inProgress.evs} (${kWh(t.inProgress.deliveredWh)} so far)\n` +
      `limit violations: ${r.limitViolations}; drawn imbalance exceedances: ${r.drawnImbalanceExceedances}; meter-lag imbalance exceedances: ${r.meterLagImbalanceExceedances}\n` +
      `charge points occupied ${pct(r.utilisation.chargePointsOccupied)}, charging ${pct(r.utilisation.chargePointsCharging)}; ` +
      `mean load at the main connection ${amps(r.utilisation.mainConnectionMeanA)}\n\n`,
  );
  printTable(
    io,
    ['node', 'limit', 'limit L1/L2/L3', 'peak L1/L2/L3'],
    r.limits.map((l) => [l.nodeId, l.kind, amps(l.limitA), amps(l.peakA)]),
  );
  io.stdout('\n');
  printTable(
    io,
    ['DLM network', 'imbalance peak', 'imbalance limit'],
    r.imbalance.map((i) => [
      i.dlmNetworkId,
      `${i.peakA.toFixed(1)} A`,
      i.limitA === null ? 'off' : `${i.limitA} A`,
    ]),
  );
}

function printCurve(io: CliIo, curve: readonly CapacityPoint[]): void {
  printTable(
    io,
    ['charge points', 'demand met', 'delivered', 'unmet', 'turned away', 'limit violations'],
    curve.map((c) => [
      String(c.chargePoints),
      pct(c.shareOfDemandMet),
      kWh(c.deliveredWh),
      kWh(c.unmetWh),
      String(c.turnedAway),
      String(c.limitViolations),
    ]),
  );
}

/** A limit broken in simulation is an allocation bug: say so and fail (the report is printed). */
function violationsExit(io: CliIo, violations: number): number {
  if (violations === 0) return 0;
  io.stderr(`ampfleet simulate: ${violations} limit violations: the allocation broke a limit (bug)\n`);
  return 1;
}

export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'ampfleet simulate <scenario.json> [--hours 24] [--format json|table] [--capacity N]',
  summary:
    'replay EV arrivals through the load allocation; energy met, peaks, violations (--capacity: 1..N charge points)',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['hours', 'format', 'capacity']);
    const file = positional[0];
    if (!file)
      throw new CliError('name the scenario file (JSON; see services/domain/src/simulation/scenarios)', 2);
    if (flags.format !== undefined && flags.format !== 'json' && flags.format !== 'table')
      throw new CliError(`--format must be json or table, got '${flags.format}'`, 2);
    const hours = positiveNumber('hours', flags.hours, 24);
    const capacity = flags.capacity === undefined ? undefined : positiveNumber('capacity', flags.capacity, 1);
    if (capacity !== undefined && !Number.isInteger(capacity))
      throw new CliError(`--capacity must be a whole number, got '${flags.capacity}'`, 2);
    const scenario = parseInput(SimulationScenario, await readJsonFile(file, io.cwd), file);
    const progress = progressBar(io, scenario.name);
    const onProgress = (f: number): void => progress.update(f);
    if (capacity !== undefined) {
      const curve = capacityCurve(scenario, { maxChargePoints: capacity, hours, onProgress });
      progress.done();
      if (flags.format === 'table') printCurve(io, curve);
      else printJson(io, { scenario: scenario.name, hours, capacity: curve });
      return violationsExit(
        io,
        curve.reduce((sum, c) => sum + c.limitViolations, 0),
      );
    }
    const report = simulate(scenario, { hours, onProgress });
    progress.done();
    if (flags.format === 'table') printReport(io, report);
    else printJson(io, report);
    return violationsExit(io, report.limitViolations);
  },
};
