import { readFile } from 'node:fs/promises';
import { journalSettings, type EdgeConfig } from '../config';
import { statusFileOf, type AgentStatus } from '../status/status-file';
import { checkAgent, checkBroker, checkCertificate, checkClock, checkDisk, type CheckResult } from './checks';

// `ampfleet-edge doctor --config site-edge.json`: one line per check, the fix on failing lines,
// exit 1 when any check failed (warnings and skipped checks do not fail).

export interface DoctorOptions {
  readonly now?: () => Date;
  readonly write: (line: string) => void;
}

async function readStatus(file: string): Promise<AgentStatus | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as AgentStatus;
  } catch {
    return undefined;
  }
}

export function formatCheck(result: CheckResult): string {
  const line = `${result.state.padEnd(4)}  ${result.name}: ${result.detail}`;
  return result.fix && result.state !== 'ok' ? `${line} → ${result.fix}` : line;
}

export async function runDoctor(config: EdgeConfig, options: DoctorOptions): Promise<number> {
  const now = options.now ?? (() => new Date());
  const statusFile = statusFileOf(journalSettings(config).dir);
  const results = [
    await checkClock(),
    await checkDisk(config),
    await checkBroker(config),
    await checkCertificate(config, now()),
    ...checkAgent(await readStatus(statusFile), statusFile, now()),
  ];
  for (const result of results) options.write(`${formatCheck(result)}\n`);
  const failed = results.filter((r) => r.state === 'FAIL').length;
  options.write(failed ? `${failed} check(s) failed\n` : 'all checks passed\n');
  return failed ? 1 : 0;
}
