import { describeIssues, PlanningError, templateSite, TemplateRequest, UseCase } from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson } from '../io';

const FLAGS = [
  'firmware',
  'backend',
  'addressing',
  'backend-url',
  'supply-line',
  'main',
  'stations',
  'option',
  'fallback',
];
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export const templateCommand: Command = {
  name: 'template',
  usage: `ampfleet template <${UseCase.options.join('|')}> [--firmware 4.61] [--backend sim|localInternet] [--addressing static|dhcp] [--backend-url ws://…] [--supply-line A] [--main A] [--stations "AMEDIO Professional+,AMTRON Professional"] [--option 1|2] [--fallback A]`,
  summary: 'a site configuration for one of the manual’s DLM use cases (§7.1–§7.4) that audits clean',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, FLAGS);
    const raw: Record<string, unknown> = { useCase: positional[0] };
    for (const [flag, value] of Object.entries(flags))
      raw[camel(flag)] = flag === 'stations' ? value.split(',').map((s) => s.trim()) : value;
    const request = parseInput(TemplateRequest, raw, 'template options');
    try {
      printJson(io, templateSite(request));
    } catch (err) {
      if (err instanceof PlanningError)
        throw new CliError(`template options: ${describeIssues([{ path: err.path, message: err.message }])}`);
      throw err;
    }
    return 0;
  },
};
