import { tableKeySchema, tableName } from '@ampfleet/domain';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

// The fleet table, deployed from the one key schema in @ampfleet/domain (adapters and the local
// runtime build the same table from it). Every key attribute is a string (see tableKeys).
// A projection cannot change in place (CloudFormation replaces the index): a stack deployed with the
// former two ALL-projected indexes needs the table replaced or one deploy per index change.

export interface StorageProps {
  stage: string;
  /** Production data outlives the stack: the table is retained when the stack is deleted. */
  retainData: boolean;
}

export class Storage extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'FleetTable', {
      tableName: tableName(props.stage),
      partitionKey: stringKey(tableKeySchema.partitionKey),
      sortKey: stringKey(tableKeySchema.sortKey),
      timeToLiveAttribute: tableKeySchema.ttlAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Keys only: the audit-drift handler recomputes from the current state (streams.ts), never from images.
      stream: dynamodb.StreamViewType[tableKeySchema.streamViewType],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of tableKeySchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
  }
}
