import {
  describeIssues,
  NetworkPlanRequest,
  PhasePlanRequest,
  PlanningError,
  planNetwork,
  planPhaseRotation,
} from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, printTable, readJsonFile } from '../io';

// Planners: the §3.2 phase-rotation plan and the §4/§5 static-IP and gateway plan.

async function rotation(file: string, table: boolean, io: Parameters<Command['run']>[1]): Promise<number> {
  const request = parseInput(PhasePlanRequest, await readJsonFile(file, io.cwd), file);
  const plan = planPhaseRotation(request.stations);
  if (!table) printJson(io, plan);
  else
    printTable(
      io,
      ['station', 'terminals L1/L2/L3', 'charge point', 'phase connection', 'phase rotation setting'],
      plan.flatMap((s) =>
        s.chargePoints.map((cp) => [
          s.stationId,
          s.terminalConnection,
          cp.position,
          cp.phaseConnection,
          cp.rotation,
        ]),
      ),
    );
  return 0;
}

async function network(file: string, io: Parameters<Command['run']>[1]): Promise<number> {
  const request = parseInput(NetworkPlanRequest, await readJsonFile(file, io.cwd), file);
  printJson(io, planNetwork(request));
  return 0;
}

export const planCommand: Command = {
  name: 'plan',
  usage: 'ampfleet plan rotation|network <request.json> [--format json|table]',
  summary: 'phase-rotation plan (§3.2) or static-IP and gateway plan (§4, §5) for a set of stations',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['format']);
    const [kind, file] = positional;
    if ((kind !== 'rotation' && kind !== 'network') || !file) {
      throw new CliError(
        'say what to plan and give the request file: plan rotation <file> | plan network <file>',
        2,
      );
    }
    try {
      return kind === 'rotation'
        ? await rotation(file, flags.format === 'table', io)
        : await network(file, io);
    } catch (err) {
      if (err instanceof PlanningError)
        throw new CliError(`${file}: ${describeIssues([{ path: err.path, message: err.message }])}`);
      throw err;
    }
  },
};
