import { describe, expect, it } from 'vitest';
import { EdgeConfigError, parseEdgeConfig } from './config';
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
