/**
 * The Orders table on AWS, built from the one table definition (definitions/ordersTable.ts)
 * that the local store's CreateTable also reads: keys and index name are never restated here.
 * Or, when adopting the old API's table (`-c existingTableName=`), a reference to that table:
 * nothing is created, the stack only points its data source role (and alarms) at it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ordersTable } from '../../definitions/ordersTable.js';

/** An existing table to use instead of creating one. Its keys and LSI must be the seed's (docs/migration.md). */
export interface ExistingOrdersTable {
  /** The table's name in this account and region. */
  readonly tableName: string;
  /**
   * Name of its local secondary index on `timestamp`.
   * @default definitions/ordersTable.ts `userTimeIndex.name` (`timestamp-index`, the seed's)
   */
  readonly indexName?: string;
}

export interface OrdersTableProps {
  /**
   * What CloudFormation does with the table when it leaves the stack (ignored for an existing table).
   * @default RemovalPolicy.RETAIN — orders survive a stack deletion.
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection (blocks DeleteTable from anywhere, console included).
   * @default true unless removalPolicy is DESTROY
   */
  readonly deletionProtection?: boolean;
  /** Adopt this table instead of creating one. @default a new table */
  readonly existing?: ExistingOrdersTable;
}

export class OrdersTable extends Construct {
  /** The table: created here, or a reference to the adopted one. Partition key `store_id`, sort key `order_id`. */
  public readonly table: ITable;
  /** The table's name (a token for a created table). */
  public readonly tableName: string;
  /** The table's ARN: what the data source role and the alarms are scoped to. */
  public readonly tableArn: string;
  /** Name of the local secondary index on `timestamp` (shared definition, or `existing.indexName`). */
  public readonly userTimeIndexName: string;
  /** ARN of that index: `<table ARN>/index/<index name>` — what a Query on it is authorized against. */
  public readonly userTimeIndexArn: string;
  /** True when the table is adopted (not in this stack's template). */
  public readonly adopted: boolean;

  constructor(scope: Construct, id: string, props: OrdersTableProps = {}) {
    super(scope, id);
    this.adopted = props.existing !== undefined;
    this.userTimeIndexName = props.existing?.indexName ?? ordersTable.userTimeIndex.name;
    this.table = props.existing ? this.adoptTable(props.existing.tableName) : this.createTable(props);
    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.userTimeIndexArn = `${this.tableArn}/index/${this.userTimeIndexName}`;
  }

  private createTable(props: OrdersTableProps): Table {
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const table = new Table(this, 'Table', {
      // Every key attribute of the Orders table is a string (docs/api.md, "Data").
      partitionKey: { name: ordersTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: ordersTable.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
      deletionProtection: props.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
    });
    table.addLocalSecondaryIndex({
      indexName: this.userTimeIndexName,
      sortKey: { name: ordersTable.userTimeIndex.sortKey, type: AttributeType.STRING },
      // userOrders returns whole orders from the index: projecting ALL avoids a fetch per item.
      projectionType: ProjectionType.ALL,
    });
    return table;
  }

  /**
   * A reference only: CloudFormation cannot inspect a table it does not own, so its key schema and
   * index are a precondition, checked before deploying with `npm run backfill -- --table <name>
   * --check-only` (DescribeTable; docs/migration.md) rather than by a Lambda-backed custom resource.
   */
  private adoptTable(tableName: string): ITable {
    return Table.fromTableAttributes(this, 'Table', { tableName, localIndexes: [this.userTimeIndexName] });
  }
}
