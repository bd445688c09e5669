import { describe, expect, it } from 'vitest';
import { EdgeConfigError, journalSettings, parseEdgeConfig, upstreamQueueDir } from './config';
import { hashPassword, verifyPassword } from './ocpp/password';

const valid = {
  orgId: 'org-a',
  siteId: 'site-1',
  ocpp: { port: 9000, chargePoints: [{ id: 'CP-1', passwordHash: 'scrypt$c2FsdA==$aGFzaA==' }] },
  mqtt: {
    url: 'mqtts://example.iot.eu-central-1.amazonaws.com:8883',
    tls: { certFile: 'c', keyFile: 'k', caFile: 'ca' },
  },
};

describe('edge config', () => {
  it('fills defaults', () => {
    expect(parseEdgeConfig(valid).ocpp).toMatchObject({
      host: '127.0.0.1',
      path: '/ocpp',
      heartbeatIntervalS: 300,
    });
  });

  it.each([
    [{ ...valid, siteId: 'a/b' }, 'siteId'],
    [{ ...valid, ocpp: { ...valid.ocpp, port: 70000 } }, 'ocpp.port'],
    [
      { ...valid, ocpp: { ...valid.ocpp, chargePoints: [{ id: 'CP-1', passwordHash: 'plain-text' }] } },
      'ocpp.chargePoints.0.passwordHash',
    ],
    [{ ...valid, mqtt: { url: 'http://x' } }, 'mqtt.url'],
  ])('names the bad field (%#)', (raw, path) => {
    expect(() => parseEdgeConfig(raw, 'site.json')).toThrow(EdgeConfigError);
    expect(() => parseEdgeConfig(raw, 'site.json')).toThrow(`${path}:`);
  });
});

describe('edge config: proxy mode (ocpp.upstream)', () => {
  const withUpstream = (upstream: unknown) => ({ ...valid, ocpp: { ...valid.ocpp, upstream } });
  const cp = { id: 'CP-1', passwordFile: '/etc/ampfleet/cp1.upstream' };

  it('fills defaults and puts the queue beside the journal', () => {
    const config = parseEdgeConfig(withUpstream({ url: 'wss://backend.example/ocpp', chargePoints: [cp] }));
    expect(config.ocpp.upstream).toMatchObject({
      callTimeoutMs: 10_000,
      backoff: { initialDelayMs: 1_000, maxDelayMs: 60_000 },
    });
    expect(upstreamQueueDir(config)).toBe(`${journalSettings(config).dir}.upstream`);
  });

  it.each([
    [{ url: 'http://backend/ocpp', chargePoints: [cp] }, 'ocpp.upstream.url'],
    [{ url: 'ws://backend/ocpp/', chargePoints: [cp] }, 'ocpp.upstream.url'],
    [{ url: 'ws://backend/ocpp', chargePoints: [{ id: 'CP-1' }] }, 'ocpp.upstream.chargePoints.0'],
    [
      { url: 'ws://backend/ocpp', chargePoints: [{ ...cp, passwordEnv: 'CP1_PW' }] },
      'ocpp.upstream.chargePoints.0',
    ],
    [{ url: 'ws://backend/ocpp', chargePoints: [{ ...cp, password: 'x' }] }, 'ocpp.upstream.chargePoints.0'],
    [{ url: 'ws://backend/ocpp', chargePoints: [{ ...cp, id: 'CP-9' }] }, 'ocpp.upstream.chargePoints.0.id'],
    [{ url: 'ws://backend/ocpp', chargePoints: [cp], callTimeoutMs: 5 }, 'ocpp.upstream.callTimeoutMs'],
  ])('names the bad upstream field (%#)', (upstream, field) => {
    expect(() => parseEdgeConfig(withUpstream(upstream), 'site.json')).toThrow(`${field}:`);
  });
});

describe('charge-point passwords', () => {
  it('are stored as salted scrypt hashes and verified in constant time', async () => {
    const a = await hashPassword('s3cret');
    const b = await hashPassword('s3cret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifyPassword(Buffer.from('s3cret'), a)).toBe(true);
    expect(await verifyPassword(Buffer.from('s3cret!'), a)).toBe(false);
    expect(await verifyPassword(Buffer.from('s3cret'), 'md5$x$y')).toBe(false);
  });
});
