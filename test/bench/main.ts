// `npm run bench`: every benchmark in one run, each figure beside its reference as a ratio.
// `npm run bench -- allocation audit` runs only the named suites (`edge`: both edge suites).
import { HEADER, formatRow, type Report } from './report';

type Suite = { name: string; run: (report: Report) => Promise<void> };

const suites: Suite[] = [
  { name: 'allocation', run: async (r) => (await import('./allocation')).benchAllocation(r) },
  { name: 'audit', run: async (r) => (await import('./audit')).benchAudit(r) },
  { name: 'edge-journal', run: async (r) => (await import('./edge-journal')).benchEdgeJournal(r) },
  { name: 'edge-agent', run: async (r) => (await import('./edge-agent')).benchEdgeAgent(r) },
  { name: 'fleet', run: async (r) => (await import('./fleet')).benchFleet(r) },
  { name: 'cost', run: async (r) => (await import('./cost')).benchCost(r) },
  { name: 'dashboard', run: async (r) => (await import('./dashboard')).benchDashboard(r) },
  {
    name: 'config',
    run: async (r) => {
      await (await import('./config')).benchConfig(r);
      await (await import('./rollout-dry-run')).benchRolloutDryRun(r);
    },
  },
  {
    name: 'load',
    run: async (r) => {
      await (await import('./load-twin')).benchLoadTwin(r);
      await (await import('./load-plugin')).benchLoadPlugin(r);
      await (await import('./load-history')).benchLoadHistory(r);
    },
  },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  // A name picks its suite, or every suite it is the prefix of (`edge`: edge-journal, edge-agent).
  const picks = (s: Suite) => only.some((name) => s.name === name || s.name.startsWith(`${name}-`));
  const chosen = only.length ? suites.filter(picks) : suites;
  process.stdout.write(
    `ampfleet benchmarks — node ${process.version}, ${new Date().toISOString()}\n\n${HEADER}\n`,
  );
  for (const suite of chosen) {
    process.stderr.write(`running ${suite.name}…\n`);
    await suite.run((row) => process.stdout.write(`${formatRow(suite.name, row)}\n`));
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
