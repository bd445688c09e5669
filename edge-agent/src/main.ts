#!/usr/bin/env node
// ampfleet-edge [run] --config <site-edge.json> | doctor --config <site-edge.json> | --help
import { createLogger } from '@ampfleet/runtime/log';
import { stopOnSignals } from '@ampfleet/runtime/shutdown';
import { loadEdgeConfig } from './config';
import { startEdgeAgent } from './agent';
import { runDoctor } from './doctor/doctor';

const SUBCOMMANDS = {
  run: {
    usage: 'ampfleet-edge [run] --config <site-edge.json>',
    help:
      "Runs the site's edge agent: the OCPP-J 1.6 endpoint for the ECUs, the Modbus meter, the journal and\n" +
      'the MQTT uplink. SIGTERM/SIGINT: drain for up to 2 s and stop. SIGHUP: reread mqtt.tls (certificate\n' +
      'rotation) and reconnect; the files are also checked for a change every 10 s.',
  },
  doctor: {
    usage: 'ampfleet-edge doctor --config <site-edge.json>',
    help:
      'Checks this box: clock sync, free disk for the journal, broker reachability, certificate validity and\n' +
      'expiry, and, from the running agent, which configured charge points have not connected and since\n' +
      'when. One line per check, with what to do on a failure; exit 1 if any check failed.',
  },
} as const;

function usage(): string {
  return (
    `usage:\n${Object.values(SUBCOMMANDS)
      .map((s) => `  ${s.usage}`)
      .join('\n')}\n  ampfleet-edge [<subcommand>] --help\n\n` +
    Object.entries(SUBCOMMANDS)
      .map(([name, s]) => `${name}:\n${s.help.replace(/^/gm, '  ')}`)
      .join('\n\n') +
    '\n'
  );
}

function configPath(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--config');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<void> {
  const [first] = argv;
  const sub = first === 'doctor' || first === 'run' ? first : undefined;
  const rest = sub ? argv.slice(1) : argv;
  if (rest.includes('--help') || rest.includes('-h') || first === 'help') {
    process.stdout.write(sub ? `usage: ${SUBCOMMANDS[sub].usage}\n\n${SUBCOMMANDS[sub].help}\n` : usage());
    return;
  }
  if (first !== undefined && !sub && !first.startsWith('--')) {
    process.stderr.write(`ampfleet-edge: unknown subcommand '${first}'\n${usage()}`);
    process.exit(2);
  }
  const file = configPath(rest);
  if (!file) {
    process.stderr.write(usage());
    process.exit(2);
  }
  const config = await loadEdgeConfig(file);
  if (sub === 'doctor') {
    process.exitCode = await runDoctor(config, { write: (line) => process.stdout.write(line) });
    return;
  }
  const log = createLogger(`edge-agent:${config.siteId}`);
  const agent = await startEdgeAgent(config, log);
  // Certificate rotation: `systemctl reload ampfleet-edge` (ExecReload sends SIGHUP).
  process.on('SIGHUP', () => {
    agent.reloadCredentials().then(
      (outcome) => log.info('SIGHUP: credentials', { outcome }),
      (err: Error) => log.error('SIGHUP: reload failed', { error: err.message }),
    );
  });
  stopOnSignals(() => agent.stop());
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`ampfleet-edge: ${err.message}\n`);
  process.exit(1);
});
