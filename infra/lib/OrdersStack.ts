/** The Orders API stack: the table and the GraphQL API, composed. Nothing else happens here. */
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildResolverBundles, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { OrdersGraphqlApi } from './OrdersGraphqlApi.js';
import { OrdersTable } from './OrdersTable.js';
import { RestShims } from './RestShims.js';
import { readRestShimsLimits } from './restShimsConfig.js';

export interface OrdersStackProps extends StackProps {
  /** Deployment stage, e.g. `dev`, `prod`: names the API and tags every resource. */
  readonly stage: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default 30 */
  readonly apiKeyExpiryDays?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Set the region's API Gateway CloudWatch role (RestShimsProps.cloudWatchRole). @default true */
  readonly apiGatewayCloudWatchRole?: boolean;
  /**
   * The resolver bundles to deploy.
   * @default buildResolverBundles() — bundles resolvers/ into dist/resolvers/ now, at synth
   */
  readonly resolvers?: readonly ResolverBundle[];
}

export class OrdersStack extends Stack {
  public readonly stage: string;
  /** The Orders table construct (table, index name, index ARN). */
  public readonly ordersTable: OrdersTable;
  /** The GraphQL API construct (API, key, data source role, data sources). */
  public readonly graphql: OrdersGraphqlApi;
  /** The Orders table. */
  public readonly table: Table;
  /** The AppSync API: `api.grantQuery/grantMutation(grantee, field)` is how IAM callers get in. */
  public readonly api: GraphqlApi;
  /** `arn:aws:appsync:<region>:<account>:apis/<apiId>` */
  public readonly apiArn: string;
  /** The GraphQL endpoint URL. */
  public readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    Tags.of(this).add('project', 'orders-api');
    Tags.of(this).add('stage', props.stage);

    this.ordersTable = new OrdersTable(this, 'Orders', { removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN });
    this.graphql = new OrdersGraphqlApi(this, 'Graphql', {
      name: `orders-api-${props.stage}`,
      table: this.ordersTable.table,
      userTimeIndexArn: this.ordersTable.userTimeIndexArn,
      resolvers: props.resolvers ?? buildResolverBundles(),
      ...(props.apiKeyExpiryDays !== undefined ? { apiKeyExpiryDays: props.apiKeyExpiryDays } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
    });

    this.table = this.ordersTable.table;
    this.api = this.graphql.api;
    this.apiArn = this.graphql.apiArn;
    this.graphqlUrl = this.graphql.graphqlUrl;

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Orders table name' });
    new RestShims(this, 'Rest', { name: `orders-rest-${props.stage}`, stageName: props.stage, graphqlApiArn: this.apiArn, graphqlUrl: this.graphqlUrl, ...readRestShimsLimits((key) => this.node.tryGetContext(key)), ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}), ...(props.apiGatewayCloudWatchRole !== undefined ? { cloudWatchRole: props.apiGatewayCloudWatchRole } : {}) });
  }
}
