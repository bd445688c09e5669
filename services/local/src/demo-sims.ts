// One demo site's simulated hardware, in its own process: the ECUs (OCPP-J 1.6 over WebSocket to the
// site's edge agent) with EVs coming and going, and the site's Modbus-TCP meter (Siemens PAC2200 map).
// Started by the local runtime with a config file path; not production code.
import { readFileSync } from 'node:fs';
import { stopOnSignals } from '@ampfleet/adapters/shutdown';
import { PAC2200_MAP } from '@ampfleet/edge-agent/modbus';
import { mulberry32, startDemoSite, startMeterSimulator } from '@ampfleet/edge-agent/sim';
import { renderDlmOcppConfig, firmwareVersionOf } from '@ampfleet/domain';
import { demoMasterConfig } from './demo-fleet';
import type { DemoSimsConfig } from './demo-runtime';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: demo-sims <config.json>');
  const config = JSON.parse(readFileSync(file, 'utf8')) as DemoSimsConfig;
  const random = mulberry32(config.seed);
  const site = await startDemoSite({
    endpoint: config.ocppEndpoint,
    siteId: config.site.siteId,
    supplyLimitA: config.site.supplyLimitA,
    operatorLimitA: config.site.dlm.operatorLimitA,
    random,
    idTags: config.idTags,
    chargePoints: config.site.chargePoints.map((cp, i) => {
      const fw = config.site.dlm.firmwareVersion;
      // The first charge point is the DLM master: it answers GetConfiguration with its DLM parameters.
      const master =
        i === 0
          ? {
              configuration: renderDlmOcppConfig(
                demoMasterConfig(config.site),
                firmwareVersionOf(fw) ?? '4.61',
              ),
            }
          : {};
      return { ...cp, password: config.passwords[cp.id], firmwareVersion: fw, ...master };
    }),
  });
  const meter = await startMeterSimulator({
    map: PAC2200_MAP,
    port: config.meterPort,
    random,
    evLoad: () => site.evLoadA(),
  });
  process.stdout.write(
    `${config.site.siteId}: ${site.chargers.length} ECUs, meter on 127.0.0.1:${meter.port}\n`,
  );
  stopOnSignals(() => Promise.all([site.stop(), meter.stop()]));
}

main().catch((err: Error) => {
  process.stderr.write(`demo-sims: ${err.message}\n`);
  process.exit(1);
});
