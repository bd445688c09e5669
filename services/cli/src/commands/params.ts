import {
  ecuParameters,
  firmwareVersionOf,
  paramAvailable,
  paramName,
  type EcuParamKey,
} from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError } from '../errors';
import { printJson, printTable } from '../io';

export const paramsCommand: Command = {
  name: 'params',
  usage: 'ampfleet params [--firmware 4.61] [--format json|table]',
  summary: 'the ECU parameter catalog (names per firmware, ranges, where set, restart, secrets)',
  async run(args, io) {
    const { flags } = parseFlags(args, ['firmware', 'format']);
    const version = flags.firmware === undefined ? undefined : firmwareVersionOf(flags.firmware);
    if (flags.firmware !== undefined && !version)
      throw new CliError(`--firmware: not a firmware version: '${flags.firmware}'`, 2);
    const keys = Object.keys(ecuParameters) as EcuParamKey[];
    if (flags.format === 'table') {
      printTable(
        io,
        ['key', version ? `name in ${flags.firmware}` : 'name', 'available'],
        keys.map((k) => {
          const spec = ecuParameters[k];
          const name = version
            ? (paramName(k, version) ?? '(not in this firmware)')
            : Object.values(spec.names).at(-1);
          return [k, name ?? k, version ? (paramAvailable(k, version) ? 'yes' : 'no') : ''];
        }),
      );
      return 0;
    }
    const catalog = keys.map((key) => ({
      key,
      ...ecuParameters[key],
      ...(version && {
        nameInFirmware: paramName(key, version) ?? null,
        available: paramAvailable(key, version),
      }),
    }));
    printJson(io, catalog);
    return 0;
  },
};
