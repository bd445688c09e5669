#!/usr/bin/env node
// ampfleet-edge --config <site-edge.json>: one site's edge agent.
import { createLogger } from '@ampfleet/runtime/log';
import { stopOnSignals } from '@ampfleet/runtime/shutdown';
import { loadEdgeConfig } from './config';
import { startEdgeAgent } from './agent';

function configPath(argv: string[]): string | undefined {
  const i = argv.indexOf('--config');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = configPath(process.argv.slice(2));
  if (!file) {
    process.stderr.write('usage: ampfleet-edge --config <site-edge.json>\n');
    process.exit(2);
  }
  const config = await loadEdgeConfig(file);
  const log = createLogger(`edge-agent:${config.siteId}`);
  const agent = await startEdgeAgent(config, log);
  stopOnSignals(() => agent.stop());
}

main().catch((err: Error) => {
  process.stderr.write(`ampfleet-edge: ${err.message}\n`);
  process.exit(1);
});
