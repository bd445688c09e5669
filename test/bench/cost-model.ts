// The monthly AWS bill per charge point, from counts per charge point per hour measured on the local
// stack and the public prices in cost-prices.json. The cloud path it prices: edge → IoT Core (one MQTT
// connection per site) → topic rule → SQS → Lambda (arm64, batches) → DynamoDB on demand.
import { readFileSync } from 'node:fs';

export interface AwsPrices {
  region: string;
  takenOn: string;
  iotCore: {
    connectivityPerMillionMinutes: number;
    messagingPerMillion: { upTo: number | null; price: number }[];
    messageMeteringBytes: number;
    rulesTriggeredPerMillion: number;
    actionsAppliedPerMillion: number;
  };
  sqs: { standardRequestsPerMillion: number; freeRequestsPerMonth: number };
  lambda: {
    requestsPerMillion: number;
    arm64PerGbSecond: number;
    freeRequestsPerMonth: number;
    freeGbSecondsPerMonth: number;
  };
  dynamodb: {
    writeRequestUnitsPerMillion: number;
    readRequestUnitsPerMillion: number;
    storagePerGbMonth: number;
    freeStorageGb: number;
  };
}

export function loadPrices(): AwsPrices {
  return JSON.parse(readFileSync(new URL('./cost-prices.json', import.meta.url), 'utf8')) as AwsPrices;
}

/** What one charge point costs the cloud per hour, as measured. */
export interface ChargePointHour {
  label: string;
  messages: number;
  /** IoT Core metering units (5 KB each) of those messages. */
  meteredMessages: number;
  /** Rule actions = messages routed to the handler (one rule, one action each). */
  ruleActions: number;
  /** Handler time per message (ms). */
  handlerMsPerMessage: number;
  writeUnits: number;
  readUnits: number;
  /** Bytes kept per charge point: its state items plus 14 days of message-id markers. */
  storedBytes: number;
  chargePointsPerSite: number;
}

export const COST_ASSUMPTIONS = {
  hoursPerMonth: 730,
  lambdaMemoryGb: 0.25,
  /** SQS → Lambda batch size: at ≥ 7 msg/s (100 sites) a 1 s batching window fills it. */
  sqsBatch: 10,
  targetPerCpMonth: 0.05,
};

export interface CostLine {
  item: string;
  perCpMonth: number;
}

const million = (n: number) => n / 1_000_000;

function tiered(units: number, tiers: { upTo: number | null; price: number }[]): number {
  let cost = 0;
  let below = 0;
  for (const tier of tiers) {
    const top = tier.upTo ?? Infinity;
    const inTier = Math.max(0, Math.min(units, top) - below);
    cost += million(inTier) * tier.price;
    below = top;
  }
  return cost;
}

/** The monthly cost per charge point, line by line, for a fleet of `sites` sites of this profile. */
export function monthlyCostPerChargePoint(
  hour: ChargePointHour,
  sites: number,
  prices: AwsPrices,
): CostLine[] {
  const a = COST_ASSUMPTIONS;
  const cps = sites * hour.chargePointsPerSite;
  const month = (perCpHour: number) => perCpHour * a.hoursPerMonth * cps;
  const messages = month(hour.messages);
  const invocations = messages / a.sqsBatch;
  const sqsRequests = messages * (1 + 2 / a.sqsBatch); // send each; receive + delete per batch
  const gbSeconds = (messages * hour.handlerMsPerMessage * a.lambdaMemoryGb) / 1000;
  const storedGb = (cps * hour.storedBytes) / 1e9;
  const { iotCore, sqs, lambda, dynamodb } = prices;
  const monthly: [string, number][] = [
    [
      'IoT Core connectivity (1 connection/site)',
      million(sites * a.hoursPerMonth * 60) * iotCore.connectivityPerMillionMinutes,
    ],
    ['IoT Core messaging (5 KB units)', tiered(month(hour.meteredMessages), iotCore.messagingPerMillion)],
    ['IoT rules triggered', million(month(hour.ruleActions)) * iotCore.rulesTriggeredPerMillion],
    ['IoT rule actions (→ SQS)', million(month(hour.ruleActions)) * iotCore.actionsAppliedPerMillion],
    [
      'SQS requests',
      million(Math.max(0, sqsRequests - sqs.freeRequestsPerMonth)) * sqs.standardRequestsPerMillion,
    ],
    [
      'Lambda requests',
      million(Math.max(0, invocations - lambda.freeRequestsPerMonth)) * lambda.requestsPerMillion,
    ],
    [
      'Lambda compute (arm64, 256 MB)',
      Math.max(0, gbSeconds - lambda.freeGbSecondsPerMonth) * lambda.arm64PerGbSecond,
    ],
    ['DynamoDB writes (WRU)', million(month(hour.writeUnits)) * dynamodb.writeRequestUnitsPerMillion],
    ['DynamoDB reads (RRU)', million(month(hour.readUnits)) * dynamodb.readRequestUnitsPerMillion],
    ['DynamoDB storage', Math.max(0, storedGb - dynamodb.freeStorageGb) * dynamodb.storagePerGbMonth],
  ];
  return monthly.map(([item, dollars]) => ({ item, perCpMonth: dollars / cps }));
}

export const total = (lines: CostLine[]) => lines.reduce((sum, l) => sum + l.perCpMonth, 0);
