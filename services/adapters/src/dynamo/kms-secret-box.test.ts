import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoredItemInvalidError } from '../errors';
import { kmsSecretBox, secretBoxFromEnv } from './kms-secret-box';
import { localSecretBox } from './secret-box';

// The KMS secret box against AWS KMS's JSON protocol as the SDK speaks it: a loopback server plays the
// service (Encrypt/Decrypt, TrentService targets; the ciphertext carries the encryption context, and
// Decrypt refuses another context with InvalidCiphertextException as KMS does) and records each request,
// which must equal the exchange below.

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001';
let server: Server;
let endpoint: string;
let requests: { target: string; body: Record<string, unknown> }[] = [];

function answer(target: string, body: Record<string, unknown>): [number, object] {
  if (target === 'TrentService.Encrypt') {
    const blob = JSON.stringify({ ctx: body.EncryptionContext, pt: body.Plaintext });
    return [
      200,
      {
        CiphertextBlob: Buffer.from(blob).toString('base64'),
        KeyId: KEY_ARN,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      },
    ];
  }
  if (target === 'TrentService.Decrypt') {
    const inner = JSON.parse(Buffer.from(String(body.CiphertextBlob), 'base64').toString()) as {
      ctx: unknown;
      pt: string;
    };
    if (JSON.stringify(inner.ctx) !== JSON.stringify(body.EncryptionContext))
      return [400, { __type: 'InvalidCiphertextException', message: '' }];
    return [200, { Plaintext: inner.pt, KeyId: KEY_ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }];
  }
  return [400, { __type: 'UnknownOperationException', message: target }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      const body = JSON.parse(text) as Record<string, unknown>;
      requests.push({ target, body });
      const [status, payload] = answer(target, body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOOPBACKTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'loopback-only');
});

const context = { orgId: 'org-a', siteId: 'site-1' };
const secrets = JSON.stringify({ 'cp-1': { ocppPassword: 'hunter2-but-longer' } });

describe('KMS secret box', () => {
  it('seals with Encrypt bound to org and site, and opens with Decrypt under the same context', async () => {
    const box = kmsSecretBox({ keyId: KEY_ARN, region: 'eu-central-1', endpoint });
    const sealed = await box.seal(secrets, context);
    expect(sealed).toMatch(/^KMS1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('hunter2');
    expect(await box.unseal(sealed, context, 'secrets')).toBe(secrets);
    expect(requests).toEqual([
      {
        target: 'TrentService.Encrypt',
        body: {
          KeyId: KEY_ARN,
          Plaintext: Buffer.from(secrets).toString('base64'),
          EncryptionContext: { orgId: 'org-a', siteId: 'site-1' },
        },
      },
      {
        target: 'TrentService.Decrypt',
        body: {
          KeyId: KEY_ARN,
          CiphertextBlob: Buffer.from(sealed.slice(5), 'base64url').toString('base64'),
          EncryptionContext: { orgId: 'org-a', siteId: 'site-1' },
        },
      },
    ]);
  });

  it("refuses a value copied into another site's item (the context does not match)", async () => {
    const box = kmsSecretBox({ keyId: KEY_ARN, region: 'eu-central-1', endpoint });
    const sealed = await box.seal(secrets, context);
    await expect(box.unseal(sealed, { orgId: 'org-a', siteId: 'site-2' }, 'secrets')).rejects.toBeInstanceOf(
      StoredItemInvalidError,
    );
  });

  it('still opens values sealed with the local key before KMS was configured, without calling KMS', async () => {
    const box = kmsSecretBox({ keyId: KEY_ARN, region: 'eu-central-1', endpoint });
    const local = await localSecretBox.seal(secrets, context);
    expect(await box.unseal(local, context, 'secrets')).toBe(secrets);
    expect(requests).toEqual([]);
  });

  it('is chosen by AMPFLEET_KMS_KEY_ID; without it the local key seals', async () => {
    expect(secretBoxFromEnv({})).toBe(localSecretBox);
    const box = secretBoxFromEnv({
      AMPFLEET_KMS_KEY_ID: KEY_ARN,
      AWS_REGION: 'eu-central-1',
      AMPFLEET_KMS_ENDPOINT: endpoint,
    });
    expect(await box.seal('x', context)).toMatch(/^KMS1\./);
    expect(requests.map((r) => r.target)).toEqual(['TrentService.Encrypt']);
  });
});
