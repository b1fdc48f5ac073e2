/**
 * The Orders GraphQL API on AWS AppSync: schema.graphql as is, one data source per kind the
 * resolver files name, and one APPSYNC_JS resolver per file in resolvers/ whose code is the very
 * esbuild bundle the local runtime loads.
 */
import { Aws, CfnOutput, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import {
  CfnApiKey,
  Code,
  Definition,
  DynamoDbDataSource,
  FieldLogLevel,
  FunctionRuntime,
  GraphqlApi,
  IntrospectionConfig,
  NoneDataSource,
  type BaseDataSource,
} from 'aws-cdk-lib/aws-appsync';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { codeSizeProblem, readBundle, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { DEFAULT_API_LIMITS, type ApiLimits } from '../../definitions/apiLimits.js';
import { ordersTable, USER_TIME_INDEX_ENV } from '../../definitions/ordersTable.js';
import { apiAuthorizationConfig, type ApiUserPool } from './apiAuthorization.js';
import { apiKeyExpiryDaysProblem } from './apiKeyExpiry.js';
import { buildAppSyncSchema, checkWiring, schemaPath as defaultSchemaPath, type DataSourceName } from '../../definitions/resolverWiring.js';

/** AppSync refuses resolver code larger than 32 KB (one value for the stack and `npm start`). */
export { APPSYNC_CODE_LIMIT_BYTES } from '../../definitions/resolverBundles.js';

/** The id of the CDK singleton that sets log retention (aws-cdk-lib's LogRetention). */
const LOG_RETENTION_SINGLETON_ID = 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a';

export interface OrdersGraphqlApiProps {
  /** The API's name in AppSync, e.g. `orders-api-dev`. */
  readonly name: string;
  /** The Orders table the `ordersTable` data source reads and writes. */
  readonly table: ITable;
  /** ARN of the table's `timestamp` index (OrdersTable.userTimeIndexArn). */
  readonly userTimeIndexArn: string;
  /**
   * Name of that index, handed to the resolvers as the AppSync environment variable
   * USER_TIME_INDEX_ENV (an adopted table may name it differently).
   * @default definitions/ordersTable.ts `userTimeIndex.name`
   */
  readonly userTimeIndexName?: string;
  /** The bundles to deploy, one per resolver file (buildResolverBundles()). */
  readonly resolvers: readonly ResolverBundle[];
  /**
   * Days until the default API key expires (AppSync: 1–365). The expiry is counted from synth
   * time, so every deploy pushes it forward.
   * @default 30
   */
  readonly apiKeyExpiryDays?: number;
  /**
   * How long CloudWatch keeps the API's logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * AppSync field-level logging: ERROR logs only fields in error (with the error section of the
   * response); ALL adds tracing for every field. Verbose content (headers, context, evaluated code)
   * stays excluded at every level.
   * @default FieldLogLevel.ERROR
   */
  readonly fieldLogLevel?: FieldLogLevel;
  /**
   * The schema file deployed to AppSync and held against the resolver files.
   * @default schema.graphql at the repository root
   */
  readonly schemaPath?: string;
  /**
   * Query depth limit, resolver count limit and introspection: the values the local runtime
   * enforces too (definitions/apiLimits.ts).
   * @default DEFAULT_API_LIMITS
   */
  readonly limits?: ApiLimits;
  /**
   * The Cognito user pool and app client whose tokens the API accepts (apiAuthorization.ts): an
   * additional auth mode, or the default one when `apiKey` is false.
   * @default no user-pool auth mode
   */
  readonly userPool?: ApiUserPool;
  /**
   * Whether the API has an API key as its default auth mode; false for a stage whose clients all
   * sign in (needs `userPool`): no key exists and the user pool becomes the default mode.
   * @default true
   */
  readonly apiKey?: boolean;
  /**
   * The API key's name in the stack; a new name replaces the key (docs/operations.md, "Rotate").
   * @default aws-cdk-lib's default name, `Default`
   */
  readonly apiKeyName?: string;
}

export class OrdersGraphqlApi extends Construct {
  /** The AppSync API (default auth API key, additional IAM and Cognito user pools; see apiAuthorization.ts). */
  public readonly api: GraphqlApi;
  /** `arn:aws:appsync:<region>:<account>:apis/<apiId>`: what IAM callers (the REST shims) are granted on. */
  public readonly apiArn: string;
  public readonly apiId: string;
  /** `https://<id>.appsync-api.<region>.amazonaws.com/graphql` */
  public readonly graphqlUrl: string;
  /** The default API key resource (its `attrApiKeyId` is the key's id, `attrApiKey` the secret); undefined with `apiKey: false`. */
  public readonly apiKey: CfnApiKey | undefined;
  /** The role the DynamoDB data source assumes: PutItem on the table, Query on the table and its index. */
  public readonly dataSourceRole: Role;
  /**
   * AppSync's log group `/aws/appsync/apis/<apiId>`. Its name is read from GraphqlApi's LogRetention
   * resource (which creates the group with its retention), so whatever uses it is deployed after.
   */
  public readonly logGroup: ILogGroup;
  /** The role AppSync writes its logs with: only to this API's log group. */
  public readonly logsRole: Role;
  /** Data sources by the name resolver files use (`ordersTable`, `none`); only those in use exist. */
  public readonly dataSources: ReadonlyMap<DataSourceName, BaseDataSource>;

  constructor(scope: Construct, id: string, props: OrdersGraphqlApiProps) {
    super(scope, id);
    const schemaFile = props.schemaPath ?? defaultSchemaPath;
    const limits = props.limits ?? DEFAULT_API_LIMITS;

    const problems = checkWiring([...props.resolvers], buildAppSyncSchema(readFileSync(schemaFile, 'utf8')));
    if (problems.length > 0) {
      throw new Error(`resolver wiring does not match ${schemaFile}:\n${problems.join('\n')}`);
    }

    const expiryDays = props.apiKeyExpiryDays ?? 30;
    const expiryProblem = apiKeyExpiryDaysProblem(expiryDays);
    if (expiryProblem !== null) throw new Error(`apiKeyExpiryDays ${expiryDays}: ${expiryProblem}`);

    // AppSync's CloudWatch role, written out instead of GraphqlApi's AWSAppSyncPushToCloudWatchLogs
    // (Resource: *): its policy, added below once the API id exists, names only this API's log group.
    this.logsRole = new Role(this, 'ApiLogsRole', {
      assumedBy: new ServicePrincipal('appsync.amazonaws.com'),
      description: `${props.name}: AppSync writes field logs to its own log group`,
    });

    this.api = new GraphqlApi(this, 'Api', {
      name: props.name,
      definition: Definition.fromFile(schemaFile),
      authorizationConfig: apiAuthorizationConfig({
        name: props.name,
        apiKey: props.apiKey ?? true,
        apiKeyExpiryDays: expiryDays,
        userPool: props.userPool,
        apiKeyName: props.apiKeyName,
      }),
      logConfig: {
        fieldLogLevel: props.fieldLogLevel ?? FieldLogLevel.ERROR,
        // Verbose content would copy headers (the API key), ctx.arguments and results (user ids,
        // order totals) into CloudWatch Logs; errors and per-field traces stay without it.
        excludeVerboseContent: true,
        role: this.logsRole,
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      },
      xrayEnabled: true,
      queryDepthLimit: limits.queryDepthLimit,
      resolverCountLimit: limits.resolverCountLimit,
      introspectionConfig: limits.introspection ? IntrospectionConfig.ENABLED : IntrospectionConfig.DISABLED,
      // ctx.env of every resolver: Query.userOrders reads the index name from here, so an adopted
      // table's index needs no rebuilt bundle. https://docs.aws.amazon.com/appsync/latest/devguide/environment-variables.html
      environmentVariables: { [USER_TIME_INDEX_ENV]: props.userTimeIndexName ?? ordersTable.userTimeIndex.name },
    });
    this.apiArn = this.api.arn;
    this.apiId = this.api.apiId;
    this.graphqlUrl = this.api.graphqlUrl;
    this.logGroup = this.api.logGroup;
    // The policy is its own resource (after the API); the role itself exists before the API.
    const logGroupArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/appsync/apis/${this.apiId}`;
    this.logsRole.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogGroup',
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
      }),
    );
    const apiKey = this.api.node.children.find((child): child is CfnApiKey => child instanceof CfnApiKey);
    if (!apiKey && props.apiKey !== false) throw new Error('GraphqlApi created no API key although API_KEY is the default auth');
    this.apiKey = apiKey;

    // The data source's role, written out: exactly the two operations the resolvers issue.
    // (DynamoDbDataSource always calls table.grantReadWriteData on its role — far more than needed —
    // so it gets an immutable view of this role, and the inline policy below is the only one.)
    this.dataSourceRole = new Role(this, 'OrdersTableDataSourceRole', {
      assumedBy: new ServicePrincipal('appsync.amazonaws.com'),
      description: `${props.name}: AppSync DynamoDB data source (PutItem, Query on the Orders table)`,
      inlinePolicies: {
        OrdersTableAccess: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'CreateOrder',
              effect: Effect.ALLOW,
              actions: ['dynamodb:PutItem'],
              resources: [props.table.tableArn],
            }),
            new PolicyStatement({
              sid: 'ListUserOrders',
              effect: Effect.ALLOW,
              actions: ['dynamodb:Query'],
              resources: [props.table.tableArn, props.userTimeIndexArn],
            }),
          ],
        }),
      },
    });

    const dataSources = new Map<DataSourceName, BaseDataSource>();
    const dataSourceFor = (name: DataSourceName): BaseDataSource => {
      const existing = dataSources.get(name);
      if (existing) return existing;
      const created =
        name === 'ordersTable'
          ? new DynamoDbDataSource(this, 'OrdersTableDataSource', {
              api: this.api,
              table: props.table,
              name: 'ordersTable',
              description: 'The Orders table',
              serviceRole: this.dataSourceRole.withoutPolicyUpdates(),
            })
          : new NoneDataSource(this, 'NoneDataSource', {
              api: this.api,
              name: 'none',
              description: 'No data source: the resolver computes its result itself',
            });
      dataSources.set(name, created);
      return created;
    };

    for (const resolver of props.resolvers) {
      const code = readBundle(resolver);
      const tooLarge = codeSizeProblem(code, resolver.bundlePath);
      if (tooLarge) throw new Error(tooLarge);
      dataSourceFor(resolver.dataSource).createResolver(`${resolver.typeName}${resolver.fieldName}Resolver`, {
        typeName: resolver.typeName,
        fieldName: resolver.fieldName,
        runtime: FunctionRuntime.JS_1_0_0,
        code: Code.fromInline(code),
      });
    }
    this.dataSources = dataSources;

    new CfnOutput(this, 'GraphqlUrl', {
      key: 'GraphqlUrl',
      value: this.graphqlUrl,
      description: this.apiKey ? 'GraphQL endpoint (POST, x-api-key header)' : 'GraphQL endpoint (POST, Authorization: a user-pool token)',
    });
    new CfnOutput(this, 'ApiId', { key: 'ApiId', value: this.apiId, description: 'AppSync API id' });
    if (this.apiKey) {
      new CfnOutput(this, 'ApiKeyId', {
        key: 'ApiKeyId',
        value: this.apiKey.attrApiKeyId,
        description: 'Id of the default API key (read the secret with: aws appsync list-api-keys --api-id <ApiId>)',
      });
    }

    this.addNagSuppressions();
    this.dropRedundantLogRetentionDependency();
  }

  /**
   * aws-cdk-lib's LogRetention function lists its role in DependsOn although its `Role` property
   * already references the role with Fn::GetAtt; cfn-lint reports that as W3005 (redundant
   * dependency). The GetAtt alone orders them; the dependency on the role's policy stays.
   */
  private dropRedundantLogRetentionDependency(): void {
    const singleton = Stack.of(this).node.tryFindChild(LOG_RETENTION_SINGLETON_ID);
    const fn = singleton?.node.tryFindChild('Resource');
    const role = singleton?.node.tryFindChild('ServiceRole')?.node.defaultChild;
    if (fn instanceof CfnResource && role instanceof CfnResource) fn.removeResourceDependency(role);
  }

  /**
   * cdk-nag (AwsSolutions) findings this design accepts, each with its reason. cdk-nag 3 reads
   * CDK's own acknowledgements (Validations.of(...).acknowledge), one per finding id.
   */
  private addNagSuppressions(): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-ASC3',
      reason:
        'Field-level logging is on (ERROR by default, -c fieldLogLevel=ALL on demand); verbose content is excluded on purpose: it would ' +
        'copy every request and response of the Orders API (user ids, order totals) into CloudWatch Logs.',
    });
    Validations.of(this.logsRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/appsync/apis/<GraphqlApi5FB08D89.ApiId>:log-stream:*]',
      reason:
        "AppSync names its log streams itself at run time; the wildcard covers only streams of this API's own log group " +
        '(/aws/appsync/apis/<apiId>), for CreateLogStream and PutLogEvents.',
    });
    // logConfig.retention is applied by aws-cdk-lib's LogRetention singleton: a Lambda-backed
    // custom resource at stack level, shared by every log group whose retention the stack sets.
    const logRetention = Stack.of(this).node.tryFindChild(LOG_RETENTION_SINGLETON_ID);
    if (logRetention) {
      Validations.of(logRetention).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "aws-cdk-lib's LogRetention function (it sets the retention of the API's log group at deploy time) " +
            'runs with AWSLambdaBasicExecutionRole, which only lets it write its own logs.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            "aws-cdk-lib's LogRetention function gets logs:PutRetentionPolicy/DeleteRetentionPolicy on Resource::* " +
            'from CDK itself; it runs only during deployments, never on a request path, and cannot read log data.',
        },
      );
    }
  }
}
