#!/usr/bin/env node
// ampfleet-edge --config <site-edge.json>: one site's edge agent.
import { createLogger } from '@ampfleet/adapters/log';
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
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Started by the local runtime over IPC: leave with it, never linger as an orphan.
  process.on('disconnect', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`ampfleet-edge: ${err.message}\n`);
  process.exit(1);
});
