import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from '@ampfleet/domain';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iotCommandPublisher } from './command-publisher';

// The IoT data plane is AWS's (it cannot run here): a loopback HTTP endpoint stands in for it and
// records what the real SDK sends — method, path, query, SigV4 signature scope and body.

interface Seen {
  method: string;
  url: string;
  authorization: string;
  body: string;
}
const seen: Seen[] = [];
let status = 200;
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: String(req.headers.authorization ?? ''),
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{}' : JSON.stringify({ message: 'Not authorized' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () =>
  new IoTDataPlaneClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

const command = (): Command =>
  Command.parse({
    v: 1,
    commandId: randomUUID(),
    issuedAt: '2026-11-24T06:00:00.000Z',
    deadline: '2026-11-24T06:05:00.000Z',
    chargePointId: 'CP-1',
    kind: 'reset',
    type: 'Soft',
  });

describe('IoT data-plane command publisher', () => {
  it('publishes the command to the site commands topic at QoS 1, SigV4-signed for the iotdata service', async () => {
    const publisher = iotCommandPublisher({ endpoint, region: 'eu-central-1', client: client() });
    const sent = command();
    await publisher.publish('org-1', 'site-1', sent);
    await publisher.close();
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    const url = new URL(request.url, endpoint);
    expect(decodeURIComponent(url.pathname)).toBe('/topics/ampfleet/v1/org-1/site-1/commands');
    expect(url.searchParams.get('qos')).toBe('1');
    expect(url.searchParams.get('contentType')).toBe('application/json');
    expect(request.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/iotdata\/aws4_request/,
    );
    expect(Command.parse(JSON.parse(request.body))).toEqual(sent);
  });

  it('reports a refused publish as a CommandPublishError', async () => {
    status = 403;
    const publisher = iotCommandPublisher({ endpoint, region: 'eu-central-1', client: client() });
    await expect(publisher.publish('org-1', 'site-1', command())).rejects.toThrow(/command not published/);
    status = 200;
  });
});
