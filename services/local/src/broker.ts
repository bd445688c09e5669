import net from 'node:net';
import tls from 'node:tls';
import { Aedes } from 'aedes';

// The MQTT broker standing in for AWS IoT Core (aedes, MQTT 3.1.1, QoS 1, persistent sessions).
export interface Broker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `tls`: serve MQTT over TLS (mqtts://) with these options, e.g. requestCert for mTLS as AWS IoT does. */
export async function startBroker(port: number, options: { tls?: tls.TlsOptions } = {}): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  const server = options.tls ? tls.createServer(options.tls, aedes.handle) : net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected clients keep the server open; the broker's close ends them.
        aedes.close(() => undefined);
      }),
  };
}
