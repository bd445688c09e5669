import { Site, siteDrift } from '@ampfleet/domain';
import { z } from 'zod';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, printTable, readJsonFile } from '../io';

/** What the ECUs reported, by charge point id: firmware (application version) and configuration. */
export const ReportedConfigs = z.record(
  z.string(),
  z.object({ firmware: z.string().optional(), config: z.record(z.string(), z.unknown()) }).strict(),
);

export const driftCommand: Command = {
  name: 'drift',
  usage: 'ampfleet drift <desired-site.json> <reported.json> [--format json|table]',
  summary: 'desired vs reported ECU configuration, firmware-aware, rolled up for the site',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['format']);
    const [desiredFile, reportedFile] = positional;
    if (!desiredFile || !reportedFile)
      throw new CliError('name the desired site file and the reported configuration file', 2);
    const site = parseInput(Site, await readJsonFile(desiredFile, io.cwd), desiredFile);
    const reported = parseInput(ReportedConfigs, await readJsonFile(reportedFile, io.cwd), reportedFile);
    const report = siteDrift(site, reported);
    if (flags.format !== 'table') {
      printJson(io, report);
      return 0;
    }
    const rows = report.ecus.flatMap((e) =>
      e.drift === undefined
        ? [[e.chargePointId, e.firmware, '(not reported)', '', '']]
        : e.drift.drifted.map((d) => [
            e.chargePointId,
            e.firmware,
            d.name,
            JSON.stringify(d.desired),
            JSON.stringify(d.reported),
          ]),
    );
    printTable(io, ['charge point', 'firmware', 'parameter', 'desired', 'reported'], rows);
    const c = report.counts;
    io.stdout(
      `\n${c.ecus} ECUs: ${c.inSync} in sync, ${c.drifted} drifted (${c.driftedParameters} parameters), ${c.unreported} not reported\n`,
    );
    return 0;
  },
};
