import net from 'node:net';
import { Aedes } from 'aedes';

// The MQTT broker standing in for AWS IoT Core (aedes, MQTT 3.1.1, QoS 1, persistent sessions).
export interface Broker {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startBroker(port: number): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected clients keep the server open; the broker's close ends them.
        aedes.close(() => undefined);
      }),
  };
}
