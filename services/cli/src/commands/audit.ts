import { auditSite, Site, summarizeFindings } from '@ampfleet/domain';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, printTable, readJsonFile } from '../io';

export const auditCommand: Command = {
  name: 'audit',
  usage: 'ampfleet audit <site.json> [--format json|table]',
  summary: 'audit a site configuration against every rule of the manual (exit 0; findings in the output)',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['format']);
    const file = positional[0];
    if (!file) throw new CliError('name the site file (JSON; schema: ampfleet schema site)', 2);
    const site = parseInput(Site, await readJsonFile(file, io.cwd), file);
    const findings = auditSite(site);
    if (flags.format !== 'table') {
      printJson(io, { site: site.id, summary: summarizeFindings(findings), findings });
      return 0;
    }
    printTable(
      io,
      ['severity', 'rule', '§', 'target', 'message'],
      findings.map((f) => [f.severity, f.ruleId, f.section, JSON.stringify(f.target), f.message]),
    );
    const s = summarizeFindings(findings);
    io.stdout(`\n${s.errors} errors, ${s.warnings} warnings, ${s.infos} info\n`);
    return 0;
  },
};
