/**
 * The Orders API stack: the table and the GraphQL API, composed. Nothing else happens here.
 * Everything arrives as props: the app reads CDK context once (infra/bin/appConfig.ts) and no
 * construct here reads it, as CDK's best practices ask of stacks and constructs ("Configure with
 * properties and methods, not environment variables": lookups at the app's top level only,
 * https://docs.aws.amazon.com/cdk/v2/guide/best-practices.html#best-practices-constructs-config).
 */
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { FieldLogLevel, type GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ApiLimits } from '../../definitions/apiLimits.js';
import { buildResolverBundles, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { OrdersGraphqlApi } from './OrdersGraphqlApi.js';
import { OrdersTable, type ExistingOrdersTable } from './OrdersTable.js';
import { DEFAULT_REST_SHIMS_LIMITS, RestShims, type RestShimsLimits } from './RestShims.js';
import { DEFAULT_ALARM_THRESHOLDS, OrdersMonitoring, type AlarmThresholds } from './OrdersMonitoring.js';
import { OrdersProtection, acknowledgeNoWebAcl } from './OrdersProtection.js';
import { OrdersUserPool } from './OrdersUserPool.js';

/** Monitoring, logging and protection settings. */
export interface OperationsConfig {
  /** An e-mail subscription on the alarm topic. @default none */
  readonly alarmEmail?: string;
  /** AppSync field-level logging. */
  readonly fieldLogLevel: 'ERROR' | 'INFO' | 'DEBUG' | 'ALL';
  /** Whether the WAF web ACL protects the API and the REST stage. */
  readonly waf: boolean;
  /** Requests per IP per 5 minutes before WAF blocks that IP (10–2,000,000,000). */
  readonly wafRateLimit: number;
  readonly alarms: AlarmThresholds;
}

/** What a stage gets unless it sets its own: ERROR field logs, WAF only in `prod`, 1000 requests per IP. */
export function defaultOperations(stage: string): OperationsConfig {
  return { fieldLogLevel: 'ERROR', waf: stage === 'prod', wafRateLimit: 1000, alarms: DEFAULT_ALARM_THRESHOLDS };
}

/** Who may call the API; the contract's "Identity". */
export interface IdentityConfig {
  /**
   * false, for a stage whose clients all sign in: the API has no API key and the user pool is its
   * default auth mode. The REST shims are not affected: they reach AppSync with IAM and keep their
   * own API Gateway key.
   */
  readonly apiKey: boolean;
  /** Use this existing user pool (`<region>_<id>`). @default none: the stack makes a pool */
  readonly existingUserPoolId?: string;
}

export const DEFAULT_IDENTITY: IdentityConfig = { apiKey: true };

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
   * Alarms, field log level and WAF.
   * @default defaultOperations(stage)
   */
  readonly operations?: OperationsConfig;
  /**
   * API key on/off and an existing user pool.
   * @default DEFAULT_IDENTITY — an API key and a new pool
   */
  readonly identity?: IdentityConfig;
  /**
   * The REST shims' usage plan.
   * @default DEFAULT_REST_SHIMS_LIMITS
   */
  readonly restLimits?: RestShimsLimits;
  /**
   * The GraphQL API's query depth limit, resolver count limit and introspection switch.
   * @default DEFAULT_API_LIMITS (definitions/apiLimits.ts): the values the local runtime enforces
   */
  readonly apiLimits?: ApiLimits;
  /**
   * The AppSync API key's name in the stack; a new name replaces the key (docs/operations.md, "Rotate").
   * @default aws-cdk-lib's default name, `Default`
   */
  readonly apiKeyName?: string;
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
    const operations = props.operations ?? defaultOperations(props.stage);

    this.ordersTable = new OrdersTable(this, 'Orders', {
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.existingTable ? { existing: props.existingTable } : {}),
    });
    const identity = props.identity ?? DEFAULT_IDENTITY;
    this.users = new OrdersUserPool(this, 'Users', {
      name: `orders-api-${props.stage}`,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(identity.existingUserPoolId !== undefined ? { existingUserPoolId: identity.existingUserPoolId } : {}),
    });
    this.graphql = new OrdersGraphqlApi(this, 'Graphql', {
      name: `orders-api-${props.stage}`,
      userPool: { userPool: this.users.userPool, clientId: this.users.clientId },
      apiKey: identity.apiKey,
      apiKeyName: props.apiKeyName,
      limits: props.apiLimits,
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
      ...(props.restLimits ?? DEFAULT_REST_SHIMS_LIMITS),
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
