import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  EntityType,
  maskIdTag,
  tableKeys,
  TRANSACTION_ENTITY,
  transactionKey,
  type TransactionStartedTelemetry,
  type TransactionStoppedTelemetry,
} from '@ampfleet/domain';

// The DynamoDB writes of one transaction event, joined to the telemetry writer's transaction:
// - the transaction item (site partition, sk TX#<startedAt>#<id>), written unconditionally as a merge:
//   a start sets its fields, a stop sets its own and fills start fields only where absent, so started
//   and stopped converge in either delivery order;
// - the connector's active session, ordered by `sessionOrder` = <event time>#<id>#<1 start|2 stop>: a
//   late start never revives a session its stop already ended, and a superseded transaction's stop
//   never clears the session of the one that replaced it (same instant, higher id).

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export interface TransactionWrites {
  /** Always written (no condition). */
  readonly always: TransactItem[];
  /** Ordering-guarded: dropped (not failed) when newer state is stored. */
  readonly guarded: TransactItem[];
}

const sessionOrder = (at: string, transactionId: number, kind: 1 | 2): string =>
  `${at}#${String(transactionId).padStart(10, '0')}#${kind}`;

interface Expression {
  sets: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function setAll(fields: Record<string, unknown>, ifAbsent: Record<string, unknown> = {}): Expression {
  const e: Expression = { sets: [], names: {}, values: {} };
  let i = 0;
  for (const [field, value] of Object.entries(fields)) {
    e.names[`#f${i}`] = field;
    e.values[`:v${i}`] = value;
    e.sets.push(`#f${i} = :v${i}`);
    i++;
  }
  for (const [field, value] of Object.entries(ifAbsent)) {
    e.names[`#f${i}`] = field;
    e.values[`:v${i}`] = value;
    e.sets.push(`#f${i} = if_not_exists(#f${i}, :v${i})`);
    i++;
  }
  return e;
}

function transactionItem(
  table: string,
  orgId: string,
  siteId: string,
  m: TransactionStartedTelemetry | TransactionStoppedTelemetry,
): TransactItem {
  const common = {
    orgId,
    siteId,
    chargePointId: m.chargePointId,
    transactionId: m.transactionId,
    startedAt: m.startedAt,
    entity: TRANSACTION_ENTITY,
  };
  const e =
    m.type === 'transactionStarted'
      ? setAll({
          ...common,
          connectorId: m.connectorId,
          idTag: m.idTag,
          idTagStatus: m.idTagStatus,
          meterStartWh: m.meterStartWh,
        })
      : setAll(
          {
            ...common,
            matched: m.matched,
            stoppedAt: m.stoppedAt,
            stopReason: m.reason,
            ...(m.meterStopWh !== undefined && { meterStopWh: m.meterStopWh }),
            ...(m.meterStopWh !== undefined &&
              m.meterStartWh !== undefined && { energyWh: Math.max(0, m.meterStopWh - m.meterStartWh) }),
            ...(m.anomalies && { anomalies: m.anomalies }),
          },
          {
            ...(m.connectorId !== undefined && { connectorId: m.connectorId }),
            ...(m.idTag !== undefined && { idTag: m.idTag }),
            ...(m.meterStartWh !== undefined && { meterStartWh: m.meterStartWh }),
          },
        );
  return {
    Update: {
      TableName: table,
      Key: transactionKey(orgId, siteId, m.startedAt, m.transactionId),
      UpdateExpression: `SET ${e.sets.join(', ')}`,
      ExpressionAttributeNames: e.names,
      ExpressionAttributeValues: e.values,
    },
  };
}

function sessionItem(
  table: string,
  orgId: string,
  siteId: string,
  m: TransactionStartedTelemetry | TransactionStoppedTelemetry,
  connectorId: number,
): TransactItem {
  const { pk, sk } = tableKeys.connector(orgId, siteId, m.chargePointId, connectorId);
  const started = m.type === 'transactionStarted';
  const e = setAll({
    orgId,
    siteId,
    chargePointId: m.chargePointId,
    connectorId,
    entity: EntityType.connector,
    sessionOrder: sessionOrder(started ? m.startedAt : m.stoppedAt, m.transactionId, started ? 1 : 2),
    ...(started && {
      session: {
        transactionId: m.transactionId,
        startedAt: m.startedAt,
        idTagMasked: maskIdTag(m.idTag),
        idTagStatus: m.idTagStatus,
        meterStartWh: m.meterStartWh,
      },
    }),
  });
  const order = Object.keys(e.names).find((k) => e.names[k] === 'sessionOrder') ?? '#missing';
  const names = started ? e.names : { ...e.names, '#session': 'session' };
  return {
    Update: {
      TableName: table,
      Key: { pk, sk },
      UpdateExpression: `SET ${e.sets.join(', ')}${started ? '' : ' REMOVE #session'}`,
      ConditionExpression: `attribute_not_exists(${order}) OR ${order} < ${order.replace('#f', ':v')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: e.values,
    },
  };
}

export function transactionWrites(
  table: string,
  orgId: string,
  siteId: string,
  m: TransactionStartedTelemetry | TransactionStoppedTelemetry,
): TransactionWrites {
  return {
    always: [transactionItem(table, orgId, siteId, m)],
    guarded: m.connectorId === undefined ? [] : [sessionItem(table, orgId, siteId, m, m.connectorId)],
  };
}
