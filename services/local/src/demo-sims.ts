// One demo site's simulated hardware, in its own process: the ECUs (OCPP-J 1.6 over WebSocket to the
// site's edge agent) with EVs coming and going, and the site's Modbus-TCP meter (Siemens PAC2200 map).
// Started by the local runtime with a config file path; not production code.
import { readFileSync } from 'node:fs';
import { stopOnSignals } from '@ampfleet/adapters/shutdown';
import { PAC2200_MAP } from '@ampfleet/edge-agent/modbus';
import { mulberry32, startDemoSite, startMeterSimulator } from '@ampfleet/edge-agent/sim';
import { simulatorsOf } from '@ampfleet/domain';
import type { DemoSimsConfig } from './demo-runtime';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: demo-sims <config.json>');
  const config = JSON.parse(readFileSync(file, 'utf8')) as DemoSimsConfig;
  const random = mulberry32(config.seed);
  // The site's ECUs and DLM master as projected from its configuration (the master first).
  const hardware = simulatorsOf(config.site);
  if (hardware.dlm === undefined) throw new Error(`${config.site.id}: the demo needs a DLM master (§7.1)`);
  const site = await startDemoSite({
    endpoint: config.ocppEndpoint,
    siteId: config.site.id,
    supplyLimitA: hardware.dlm.subDistributionLimitA,
    operatorLimitA: hardware.dlm.operatorLimitA,
    random,
    // The stand-in master reallocates at its configured 'DLM Algorithm Sample Rate' (§7, ECU default
    // 30 s), the period the twin compares offers at — not a faster demo period of its own.
    dlmPeriodS: hardware.ecus[0]?.ecuConfig.dlmSampleRate ?? 30,
    idTags: config.idTags,
    chargePoints: hardware.ecus.map((ecu) => ({ ...ecu, password: config.passwords[ecu.id] })),
  });
  const meter = await startMeterSimulator({
    map: PAC2200_MAP,
    port: config.meterPort,
    random,
    evLoad: () => site.evLoadA(),
  });
  process.stdout.write(`${config.site.id}: ${site.chargers.length} ECUs, meter on 127.0.0.1:${meter.port}\n`);
  stopOnSignals(() => Promise.all([site.stop(), meter.stop()]));
}

main().catch((err: Error) => {
  process.stderr.write(`demo-sims: ${err.message}\n`);
  process.exit(1);
});
