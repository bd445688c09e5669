import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { journalSettings, type EdgeConfig } from '../config';
import type { AgentStatus } from '../status/status-file';

// The checks of `ampfleet-edge doctor`, one result each: what was found and, on failure, what to do.

export type CheckState = 'ok' | 'warn' | 'skip' | 'FAIL';

export interface CheckResult {
  readonly name: string;
  readonly state: CheckState;
  readonly detail: string;
  /** What to do about it (warn / FAIL). */
  readonly fix?: string;
}

const run = promisify(execFile);
const ok = (name: string, detail: string): CheckResult => ({ name, state: 'ok', detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  state: 'FAIL',
  detail,
  fix,
});

/** A certificate expiring within this many days is a warning: rotate it now. */
export const CERT_WARN_DAYS = 30;

/**
 * Clock sync: timestamps of every journaled message come from this clock, and TLS to AWS IoT fails
 * on a clock far off. systemd's timedatectl, else chrony; neither present → skipped, saying so.
 */
export async function checkClock(): Promise<CheckResult> {
  const name = 'clock';
  try {
    const { stdout } = await run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], {
      timeout: 5_000,
    });
    if (stdout.trim() === 'yes') return ok(name, 'synchronised (timedatectl: NTPSynchronized=yes)');
    if (stdout.trim() === 'no')
      return fail(
        name,
        'not synchronised (timedatectl)',
        'enable NTP: timedatectl set-ntp true, and allow UDP 123 out',
      );
  } catch {
    // no systemd (container) or no timedatectl: try chrony
  }
  try {
    const { stdout } = await run('chronyc', ['-n', 'tracking'], { timeout: 5_000 });
    const status = /Leap status\s*:\s*(.+)/.exec(stdout)?.[1]?.trim();
    if (status === 'Normal') return ok(name, 'synchronised (chronyc: Leap status Normal)');
    return fail(
      name,
      `chrony not synchronised (Leap status ${status ?? 'unknown'})`,
      'check chronyc sources; allow UDP 123 out',
    );
  } catch {
    return {
      name,
      state: 'skip',
      detail: 'cannot tell: neither timedatectl nor chronyc answered on this machine',
      fix: 'make sure the box syncs its clock (NTP); journaled timestamps and TLS depend on it',
    };
  }
}

/** Free space where the journal lives, against its budget (`journal.maxBytes`). */
export async function checkDisk(config: EdgeConfig): Promise<CheckResult> {
  const name = 'disk';
  const { dir, maxBytes } = journalSettings(config);
  let probe = dir;
  for (;;) {
    try {
      const fs = await statfs(probe);
      const free = fs.bavail * fs.bsize;
      const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
      return free >= maxBytes
        ? ok(name, `${mb(free)} free for the journal at ${dir} (budget ${mb(maxBytes)})`)
        : fail(
            name,
            `${mb(free)} free at ${dir}, less than the journal budget ${mb(maxBytes)}`,
            'free space on that filesystem or lower journal.maxBytes in the config',
          );
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return fail(name, `cannot stat ${dir}`, 'check journal.dir in the config');
      probe = parent; // the journal directory does not exist yet: its filesystem is the parent's
    }
  }
}

/** The broker's TCP port (and, for mqtts, a TLS handshake with the agent's certificate). */
export async function checkBroker(config: EdgeConfig, timeoutMs = 5_000): Promise<CheckResult> {
  const name = 'broker';
  const url = new URL(config.mqtt.url);
  const secure = url.protocol === 'mqtts:';
  const port = Number(url.port || (secure ? 8883 : 1883));
  const host = url.hostname;
  const files = config.mqtt.tls;
  try {
    const options = files
      ? {
          cert: await readFile(files.certFile),
          key: await readFile(files.keyFile),
          ca: await readFile(files.caFile),
        }
      : {};
    await new Promise<void>((resolve, reject) => {
      const socket = secure
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...options }, () => {
            socket.end();
            resolve();
          })
        : net.connect({ host, port }, () => {
            socket.end();
            resolve();
          });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      socket.once('error', reject);
    });
    return ok(name, `${url.host} reachable${secure ? ' (TLS handshake with the site certificate)' : ''}`);
  } catch (err) {
    return fail(
      name,
      `${url.host} not reachable: ${(err as Error).message}`,
      secure
        ? 'check the network (TCP 8883 out), the broker CA file and that the certificate is registered and active'
        : 'check that the broker runs and mqtt.url is right',
    );
  }
}

/** The client certificate: readable, matching its key, valid now and not expiring soon. */
export async function checkCertificate(config: EdgeConfig, now: Date): Promise<CheckResult> {
  const name = 'certificate';
  const files = config.mqtt.tls;
  if (!files)
    return { name, state: 'skip', detail: 'no mqtt.tls in the config (plain MQTT on a local broker)' };
  try {
    const cert = new X509Certificate(await readFile(files.certFile));
    if (!cert.checkPrivateKey(createPrivateKey(await readFile(files.keyFile))))
      return fail(
        name,
        `${files.keyFile} is not the key of ${files.certFile}`,
        'install the key that belongs to the certificate',
      );
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    const days = Math.floor((to.getTime() - now.getTime()) / 86_400_000);
    if (now < from)
      return fail(
        name,
        `not valid before ${from.toISOString()}`,
        'check the clock, or install a current certificate',
      );
    if (now > to)
      return fail(
        name,
        `expired ${to.toISOString()}`,
        'rotate: ampfleet site provision <site-id> … then SIGHUP the agent',
      );
    if (days < CERT_WARN_DAYS)
      return {
        name,
        state: 'warn',
        detail: `expires ${to.toISOString()} (in ${days} days)`,
        fix: 'rotate soon: write the new certificate and key over the files; the agent reloads them (SIGHUP or within 10 s)',
      };
    return ok(name, `valid until ${to.toISOString()} (${days} days), key matches`);
  } catch (err) {
    return fail(
      name,
      `cannot read the certificate or key: ${(err as Error).message}`,
      'check mqtt.tls in the config',
    );
  }
}

/** Whether a process with this pid exists (signal 0 only checks; EPERM: it exists, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running agent, from its status file: alive, uplink, and configured charge points not connected. */
export function checkAgent(status: AgentStatus | undefined, statusFile: string, now: Date): CheckResult[] {
  if (!status)
    return [fail('agent', `no status file ${statusFile}`, 'start the agent: systemctl start ampfleet-edge')];
  const fix = 'systemctl status ampfleet-edge; journalctl -u ampfleet-edge';
  if (status.stoppedAt) return [fail('agent', `stopped at ${status.stoppedAt}`, fix)];
  if (!alive(status.pid))
    return [fail('agent', `not running: pid ${status.pid} is gone (last status ${status.writtenAt})`, fix)];
  const age = now.getTime() - new Date(status.writtenAt).getTime();
  if (age > 3 * status.intervalMs)
    return [
      fail('agent', `not running: last status ${status.writtenAt} (${Math.round(age / 1000)} s ago)`, fix),
    ];
  const results: CheckResult[] = [ok('agent', `running (pid ${status.pid}) since ${status.startedAt}`)];
  results.push(
    status.uplink.connected
      ? ok('uplink', `connected since ${status.uplink.since}; ${status.journal.entries} messages waiting`)
      : fail(
          'uplink',
          `disconnected since ${status.uplink.since}; ${status.journal.entries} messages kept in the journal`,
          'see the broker and certificate lines; the journal sends everything once it is back',
        ),
  );
  const missing = status.chargePoints.filter((cp) => !cp.connected);
  for (const cp of missing)
    results.push(
      fail(
        `charge point ${cp.id}`,
        cp.everConnected
          ? `disconnected since ${cp.since}`
          : `not connected since the agent started (${cp.since})`,
        "check the ECU's power and LAN, its OCPP backend URL (ws://<this box>:<ocpp.port>/ocpp) and its password",
      ),
    );
  if (missing.length === 0)
    results.push(ok('charge points', `all ${status.chargePoints.length} configured charge points connected`));
  return results;
}
