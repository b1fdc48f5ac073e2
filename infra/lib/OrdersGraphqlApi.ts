/**
 * The Orders GraphQL API on AWS AppSync: schema.graphql as is, one data source per kind the
 * resolver files name, and one APPSYNC_JS resolver per file in resolvers/ whose code is the very
 * esbuild bundle the local runtime loads.
 */
import { CfnOutput, CfnResource, Expiration, Stack, Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
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
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { readBundle, type ResolverBundle } from '../../definitions/resolverBundles.js';
import { readApiLimits, type ApiLimits } from '../../definitions/apiLimits.js';
import { apiKeyExpiresEpochSeconds, apiKeyExpiryDaysProblem } from './apiKeyExpiry.js';
import { buildAppSyncSchema, checkWiring, schemaPath as defaultSchemaPath, type DataSourceName } from '../../definitions/resolverWiring.js';

/** AppSync refuses resolver code larger than 32 KB. */
export const APPSYNC_CODE_LIMIT_BYTES = 32 * 1024;

/** The id of the CDK singleton that sets log retention (aws-cdk-lib's LogRetention). */
const LOG_RETENTION_SINGLETON_ID = 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a';

export interface OrdersGraphqlApiProps {
  /** The API's name in AppSync, e.g. `orders-api-dev`. */
  readonly name: string;
  /** The Orders table the `ordersTable` data source reads and writes. */
  readonly table: ITable;
  /** ARN of the table's `timestamp` index (OrdersTable.userTimeIndexArn). */
  readonly userTimeIndexArn: string;
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
   * The schema file deployed to AppSync and held against the resolver files.
   * @default schema.graphql at the repository root
   */
  readonly schemaPath?: string;
  /**
   * Query depth limit, resolver count limit and introspection: the values the local runtime
   * enforces too (definitions/apiLimits.ts).
   * @default readApiLimits(CDK context `queryDepthLimit`, `resolverCountLimit`, `introspection`)
   */
  readonly limits?: ApiLimits;
}

export class OrdersGraphqlApi extends Construct {
  /** The AppSync API (default auth API key, additional auth IAM). */
  public readonly api: GraphqlApi;
  /** `arn:aws:appsync:<region>:<account>:apis/<apiId>`: what IAM callers (the REST shims) are granted on. */
  public readonly apiArn: string;
  public readonly apiId: string;
  /** `https://<id>.appsync-api.<region>.amazonaws.com/graphql` */
  public readonly graphqlUrl: string;
  /** The default API key resource (its `attrApiKeyId` is the key's id, `attrApiKey` the secret). */
  public readonly apiKey: CfnApiKey;
  /** The role the DynamoDB data source assumes: PutItem on the table, Query on the table and its index. */
  public readonly dataSourceRole: Role;
  /** Data sources by the name resolver files use (`ordersTable`, `none`); only those in use exist. */
  public readonly dataSources: ReadonlyMap<DataSourceName, BaseDataSource>;

  constructor(scope: Construct, id: string, props: OrdersGraphqlApiProps) {
    super(scope, id);
    const schemaFile = props.schemaPath ?? defaultSchemaPath;
    const limits = props.limits ?? readApiLimits((key) => this.node.tryGetContext(key));

    const problems = checkWiring([...props.resolvers], buildAppSyncSchema(readFileSync(schemaFile, 'utf8')));
    if (problems.length > 0) {
      throw new Error(`resolver wiring does not match ${schemaFile}:\n${problems.join('\n')}`);
    }

    const expiryDays = props.apiKeyExpiryDays ?? 30;
    const expiryProblem = apiKeyExpiryDaysProblem(expiryDays);
    if (expiryProblem !== null) throw new Error(`apiKeyExpiryDays ${expiryDays}: ${expiryProblem}`);

    this.api = new GraphqlApi(this, 'Api', {
      name: props.name,
      definition: Definition.fromFile(schemaFile),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.API_KEY,
          apiKeyConfig: {
            description: `${props.name} default key`,
            // A whole hour that AppSync accepts for any 1–365 days (see apiKeyExpiry.ts).
            expires: Expiration.atTimestamp(apiKeyExpiresEpochSeconds(Date.now(), expiryDays) * 1000),
          },
        },
        additionalAuthorizationModes: [{ authorizationType: AuthorizationType.IAM }],
      },
      logConfig: {
        fieldLogLevel: FieldLogLevel.ERROR,
        excludeVerboseContent: true,
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      },
      xrayEnabled: true,
      queryDepthLimit: limits.queryDepthLimit,
      resolverCountLimit: limits.resolverCountLimit,
      introspectionConfig: limits.introspection ? IntrospectionConfig.ENABLED : IntrospectionConfig.DISABLED,
    });
    this.apiArn = this.api.arn;
    this.apiId = this.api.apiId;
    this.graphqlUrl = this.api.graphqlUrl;
    const apiKey = this.api.node.children.find((child): child is CfnApiKey => child instanceof CfnApiKey);
    if (!apiKey) throw new Error('GraphqlApi created no API key although API_KEY is the default auth');
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
      const size = Buffer.byteLength(code, 'utf8');
      if (size > APPSYNC_CODE_LIMIT_BYTES) {
        throw new Error(`${resolver.bundlePath} is ${size} bytes; AppSync accepts at most ${APPSYNC_CODE_LIMIT_BYTES}`);
      }
      dataSourceFor(resolver.dataSource).createResolver(`${resolver.typeName}${resolver.fieldName}Resolver`, {
        typeName: resolver.typeName,
        fieldName: resolver.fieldName,
        runtime: FunctionRuntime.JS_1_0_0,
        code: Code.fromInline(code),
      });
    }
    this.dataSources = dataSources;

    new CfnOutput(this, 'GraphqlUrl', { key: 'GraphqlUrl', value: this.graphqlUrl, description: 'GraphQL endpoint (POST, x-api-key header)' });
    new CfnOutput(this, 'ApiId', { key: 'ApiId', value: this.apiId, description: 'AppSync API id' });
    new CfnOutput(this, 'ApiKeyId', {
      key: 'ApiKeyId',
      value: this.apiKey.attrApiKeyId,
      description: 'Id of the default API key (read the secret with: aws appsync list-api-keys --api-id <ApiId>)',
    });

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
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-ASC3',
        reason:
          'Field-level logging is on (ERROR, with a CloudWatch role); verbose content is excluded on purpose: it would ' +
          'copy every request and response of the Orders API (user ids, order totals) into CloudWatch Logs.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs]',
        reason:
          "The API's CloudWatch Logs role (made by GraphqlApi) uses AWSAppSyncPushToCloudWatchLogs, which allows only " +
          'writing logs; a hand-written policy could not be narrower, since the log group name holds the API id ' +
          'and the role must exist before the API.',
      },
    );
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
