import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@ampfleet/runtime/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../config';
import { startUpstreamProxy, UpstreamConfigError } from './proxy';

// Start-up checks of proxy mode: a password that cannot be read stops the agent, naming the field,
// before anything is opened or connected.
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-proxy-config-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const quiet = createLogger('test', () => undefined);
const configWith = (chargePoint: object) =>
  parseEdgeConfig({
    orgId: 'org-a',
    siteId: 'site-1',
    ocpp: {
      port: 0,
      chargePoints: [{ id: 'CP-1', passwordHash: 'scrypt$c2FsdA==$aGFzaA==' }],
      upstream: {
        url: 'ws://127.0.0.1:1/ocpp',
        chargePoints: [{ id: 'CP-1', ...chargePoint }],
        queueDir: path.join(tmp, 'queue'),
      },
    },
    mqtt: { url: 'mqtt://127.0.0.1:1' },
  });

describe('proxy mode start-up', () => {
  it.each([
    [
      { passwordEnv: 'AMPFLEET_TEST_NEVER_SET' },
      'ocpp.upstream.chargePoints.0.passwordEnv: AMPFLEET_TEST_NEVER_SET is not set',
    ],
    [
      { passwordFile: '/nonexistent/ampfleet.pw' },
      'ocpp.upstream.chargePoints.0.passwordFile: cannot read /nonexistent/ampfleet.pw',
    ],
    [{ passwordFile: 'EMPTY' }, 'ocpp.upstream.chargePoints.0.passwordFile: file is empty'],
  ])('refuses an unreadable password (%#)', async (chargePoint, message) => {
    const empty = path.join(tmp, 'empty.pw');
    await writeFile(empty, '\n');
    const cp =
      'passwordFile' in chargePoint && chargePoint.passwordFile === 'EMPTY'
        ? { passwordFile: empty }
        : chargePoint;
    const started = startUpstreamProxy(configWith(cp), quiet);
    await expect(started).rejects.toThrow(UpstreamConfigError);
    await expect(started).rejects.toThrow(message);
  });

  it('starts with a password from the environment and reports an empty queue', async () => {
    process.env.AMPFLEET_TEST_UPSTREAM_PW = 'from-env';
    try {
      const proxy = await startUpstreamProxy(configWith({ passwordEnv: 'AMPFLEET_TEST_UPSTREAM_PW' }), quiet);
      expect(proxy.queueDepth('CP-1')).toBe(0);
      await proxy.close();
    } finally {
      delete process.env.AMPFLEET_TEST_UPSTREAM_PW;
    }
  });
});
