/** The Orders API stack: the table and the GraphQL API, composed. Nothing else happens here. */
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { FieldLogLevel, type GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildResolverBundles, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { OrdersGraphqlApi } from './OrdersGraphqlApi.js';
import { OrdersTable, type ExistingOrdersTable } from './OrdersTable.js';
import { RestShims } from './RestShims.js';
import { readRestShimsLimits } from './restShimsConfig.js';
import { OrdersMonitoring } from './OrdersMonitoring.js';
import { OrdersProtection, acknowledgeNoWebAcl } from './OrdersProtection.js';
import { readIdentityConfig, readOperationsConfig, type IdentityConfig, type OperationsConfig } from './stageConfig.js';
import { OrdersUserPool } from './OrdersUserPool.js';

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
  /** Adopt this existing table instead of creating one (`-c existingTableName=`, docs/migration.md). @default a new table */
  readonly existingTable?: ExistingOrdersTable;
  /**
   * Alarms, field log level and WAF (stageConfig.ts readOperationsConfig).
   * @default readOperationsConfig(CDK context, stage)
   */
  readonly operations?: OperationsConfig;
  /**
   * API key on/off and an existing user pool (stageConfig.ts readIdentityConfig).
   * @default readIdentityConfig(CDK context `apiKey`, `userPoolId`)
   */
  readonly identity?: IdentityConfig;
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
  /** The Orders table (created, or the adopted one: then a reference with no resource in the template). */
  public readonly table: ITable;
  /** The AppSync API: `api.grantQuery/grantMutation(grantee, field)` is how IAM callers get in. */
  public readonly api: GraphqlApi;
  /** `arn:aws:appsync:<region>:<account>:apis/<apiId>` */
  public readonly apiArn: string;
  /** The GraphQL endpoint URL. */
  public readonly graphqlUrl: string;
  /** Alarms, their SNS topic and the dashboard (docs/operations.md). */
  public readonly monitoring: OrdersMonitoring;
  /** The WAF web ACL, when this stage has one (`prod`, or `-c waf=true`). */
  public readonly protection: OrdersProtection | undefined;
  /** The Cognito user pool, app client and `admins` group the API's signed-in users belong to. */
  public readonly users: OrdersUserPool;

  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    Tags.of(this).add('project', 'orders-api');
    Tags.of(this).add('stage', props.stage);
    const operations = props.operations ?? readOperationsConfig((key) => this.node.tryGetContext(key), props.stage);

    this.ordersTable = new OrdersTable(this, 'Orders', {
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.existingTable ? { existing: props.existingTable } : {}),
    });
    const identity = props.identity ?? readIdentityConfig((key) => this.node.tryGetContext(key));
    this.users = new OrdersUserPool(this, 'Users', {
      name: `orders-api-${props.stage}`,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(identity.existingUserPoolId !== undefined ? { existingUserPoolId: identity.existingUserPoolId } : {}),
    });
    this.graphql = new OrdersGraphqlApi(this, 'Graphql', {
      name: `orders-api-${props.stage}`,
      userPool: { userPool: this.users.userPool, clientId: this.users.clientId },
      apiKey: identity.apiKey,
      table: this.ordersTable.table,
      userTimeIndexArn: this.ordersTable.userTimeIndexArn,
      userTimeIndexName: this.ordersTable.userTimeIndexName,
      resolvers: props.resolvers ?? buildResolverBundles(),
      ...(props.apiKeyExpiryDays !== undefined ? { apiKeyExpiryDays: props.apiKeyExpiryDays } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      fieldLogLevel: FieldLogLevel[operations.fieldLogLevel],
    });

    this.table = this.ordersTable.table;
    this.api = this.graphql.api;
    this.apiArn = this.graphql.apiArn;
    this.graphqlUrl = this.graphql.graphqlUrl;

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Orders table name' });
    const rest = new RestShims(this, 'Rest', {
      name: `orders-rest-${props.stage}`,
      stageName: props.stage,
      graphqlApiArn: this.apiArn,
      graphqlUrl: this.graphqlUrl,
      ...readRestShimsLimits((key) => this.node.tryGetContext(key)),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      ...(props.apiGatewayCloudWatchRole !== undefined ? { cloudWatchRole: props.apiGatewayCloudWatchRole } : {}),
    });

    this.monitoring = new OrdersMonitoring(this, 'Monitoring', {
      namePrefix: this.stackName,
      graphqlApiId: this.graphql.apiId,
      appSyncLogGroup: this.graphql.logGroup,
      tableName: this.table.tableName,
      restApiName: rest.api.restApiName,
      restStageName: rest.api.deploymentStage.stageName,
      thresholds: operations.alarms,
      ...(operations.alarmEmail !== undefined ? { alarmEmail: operations.alarmEmail } : {}),
    });
    this.protection = operations.waf
      ? new OrdersProtection(this, 'Protection', {
          name: this.stackName,
          rateLimitPerIp: operations.wafRateLimit,
          resources: [
            { id: 'GraphqlApi', arn: this.apiArn },
            { id: 'RestStage', arn: rest.api.deploymentStage.stageArn },
          ],
        })
      : undefined;
    if (this.protection === undefined) acknowledgeNoWebAcl(rest.api.deploymentStage);
  }
}
