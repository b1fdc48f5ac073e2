/**
 * The Orders table on AWS, built from the one table definition (definitions/ordersTable.ts)
 * that the local store's CreateTable also reads: keys and index name are never restated here.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ordersTable } from '../../definitions/ordersTable.js';

export interface OrdersTableProps {
  /**
   * What CloudFormation does with the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN — orders survive a stack deletion.
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection (blocks DeleteTable from anywhere, console included).
   * @default true unless removalPolicy is DESTROY
   */
  readonly deletionProtection?: boolean;
}

export class OrdersTable extends Construct {
  /** The table. Partition key `store_id`, sort key `order_id` (from the shared definition). */
  public readonly table: Table;
  /** Name of the local secondary index on `timestamp` (from the shared definition). */
  public readonly userTimeIndexName: string;
  /** ARN of that index: `<table ARN>/index/<index name>` — what a Query on it is authorized against. */
  public readonly userTimeIndexArn: string;

  constructor(scope: Construct, id: string, props: OrdersTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.table = new Table(this, 'Table', {
      // Every key attribute of the Orders table is a string (contract.md, "Data").
      partitionKey: { name: ordersTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: ordersTable.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
      deletionProtection: props.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
    });
    this.table.addLocalSecondaryIndex({
      indexName: ordersTable.userTimeIndex.name,
      sortKey: { name: ordersTable.userTimeIndex.sortKey, type: AttributeType.STRING },
      // userOrders returns whole orders from the index: projecting ALL avoids a fetch per item.
      projectionType: ProjectionType.ALL,
    });
    this.userTimeIndexName = ordersTable.userTimeIndex.name;
    this.userTimeIndexArn = `${this.table.tableArn}/index/${ordersTable.userTimeIndex.name}`;

  }
}
