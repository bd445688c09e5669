import { randomUUID } from 'node:crypto';
import { forOrg, listLoadControlSites } from '@ampfleet/adapters';
import { iotCommandPublisher } from '@ampfleet/adapters/iot';
import { mqttCommandPublisher, type CommandPublisher } from '@ampfleet/adapters/mqtt';
import { runLoadControl } from '@ampfleet/app';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// Schedule (every minute: EventBridge in AWS, the local scheduler's timer locally) → one control run per
// site with load-control settings. The run's clock is the schedule event's `time` (EventBridge sets it;
// the local scheduler passes its injectable clock), so a test drives schedules with an injected clock.
// A site that fails is logged and left for the next minute; the others still run.

export interface LoadControlRunResult {
  sites: number;
  commands: number;
  failed: number;
}

/** Sites controlled side by side (each run is a few reads and at most a few commands). */
const SITES_IN_FLIGHT = 8;

export async function controlAllSites(
  event: unknown,
  rt: HandlerRuntime,
  publisher: CommandPublisher,
): Promise<LoadControlRunResult> {
  const time = (event as { time?: unknown } | null)?.time;
  const nowMs = typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? Date.parse(time) : rt.nowMs();
  const clock = { now: () => new Date(nowMs) };
  const sites = await listLoadControlSites(rt.doc, rt.table);
  const result: LoadControlRunResult = { sites: sites.length, commands: 0, failed: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < sites.length; i = next++) {
      const { orgId, siteId } = sites[i]!;
      try {
        const repos = forOrg(orgId, { doc: rt.doc, table: rt.table });
        const decision = await runLoadControl({ repos, clock, publisher, newId: randomUUID }, siteId);
        result.commands +=
          (decision?.networks.filter((n) => n.send).length ?? 0) +
          (decision?.chargePoints.filter((c) => c.send).length ?? 0);
      } catch (err) {
        result.failed += 1;
        rt.log.error('load control failed for a site', { orgId, siteId, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SITES_IN_FLIGHT, sites.length) }, worker));
  return result;
}

let publisher: CommandPublisher | undefined;
function commandPublisher(): CommandPublisher {
  if (!publisher) {
    const {
      AMPFLEET_IOT_DATA_ENDPOINT: endpoint,
      AWS_REGION: region,
      AMPFLEET_MQTT_URL: mqttUrl,
    } = process.env;
    if (endpoint && region) publisher = iotCommandPublisher({ endpoint, region });
    else if (mqttUrl) publisher = mqttCommandPublisher(mqttUrl);
    else
      throw new Error('no command path: set AMPFLEET_IOT_DATA_ENDPOINT and AWS_REGION, or AMPFLEET_MQTT_URL');
  }
  return publisher;
}

export const handler = (event: unknown): Promise<LoadControlRunResult> =>
  controlAllSites(event, handlerRuntime(), commandPublisher());
