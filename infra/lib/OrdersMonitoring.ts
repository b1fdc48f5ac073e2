/**
 * CloudWatch alarms and one dashboard for the Orders API: AppSync error rates and latency, the
 * table's throttles and system errors, the LSI's item-collection ceiling, the REST shims' errors and
 * latency. Every alarm notifies one SNS topic (optionally an e-mail address).
 *
 * Metrics used (AWS docs):
 * - AppSync `AWS/AppSync` 4XXError, 5XXError, Requests, Latency by GraphQLAPIId:
 *   https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html
 * - DynamoDB `AWS/DynamoDB` ThrottledRequests, SystemErrors by TableName + Operation:
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
 * - API Gateway `AWS/ApiGateway` 5XXError, Count, Latency by ApiName + Stage:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 *
 * Item collections: DynamoDB publishes no item-collection-size metric. A table with a local
 * secondary index refuses writes to a partition key whose item collection reached 10 GB with
 * ItemCollectionSizeLimitExceededException
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections.SizeLimit);
 * createOrder passes that type on as the GraphQL errorType (`DynamoDB:ItemCollectionSizeLimitExceededException`),
 * and AppSync's field logs at ERROR hold every field error, so a metric filter on the API's log group
 * counts those refusals. It fires at the ceiling, not before it: docs/operations.md says how to
 * measure a store's size ahead of time.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmWidget,
  CfnDashboard,
  ComparisonOperator,
  Dashboard,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Alarm thresholds: each alarm fires when its metric reaches the value. */
export interface AlarmThresholds {
  /** AppSync 5XXError / Requests, percent, per 5 minutes. */
  readonly appSync5xxPercent: number;
  /** AppSync 4XXError / Requests, percent, per 5 minutes. */
  readonly appSync4xxPercent: number;
  /** AppSync Latency p99, milliseconds. */
  readonly appSyncLatencyP99Ms: number;
  /** REST stage 5XXError rate, percent. */
  readonly apiGateway5xxPercent: number;
  /** REST stage Latency p99 (includes the AppSync call), milliseconds. */
  readonly apiGatewayLatencyP99Ms: number;
  /** ThrottledRequests (PutItem + Query) per 5 minutes. */
  readonly dynamoThrottledRequests: number;
  /** SystemErrors (PutItem + Query) per 5 minutes. */
  readonly dynamoSystemErrors: number;
  /** ItemCollectionSizeLimitExceededException log events per 5 minutes. */
  readonly itemCollectionSizeErrors: number;
}

/** The thresholds a stage gets unless it sets its own. */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  appSync5xxPercent: 1,
  appSync4xxPercent: 10,
  appSyncLatencyP99Ms: 1000,
  apiGateway5xxPercent: 1,
  apiGatewayLatencyP99Ms: 2000,
  dynamoThrottledRequests: 1,
  dynamoSystemErrors: 1,
  itemCollectionSizeErrors: 1,
};

/** Every metric is read in 5-minute periods. */
const PERIOD = Duration.minutes(5);
/** The error type DynamoDB answers a write into a full item collection with. */
export const ITEM_COLLECTION_ERROR = 'ItemCollectionSizeLimitExceededException';

export interface OrdersMonitoringProps {
  /** Prefix of alarm, dashboard and metric names, e.g. the stack name `OrdersApi-prod`. */
  readonly namePrefix: string;
  /** The AppSync API's id (GraphQLAPIId dimension). */
  readonly graphqlApiId: string;
  /**
   * AppSync's log group `/aws/appsync/apis/<apiId>`: the item-collection metric filter reads it. It
   * must exist at deploy time (OrdersGraphqlApi.logGroup references the resource that creates it).
   */
  readonly appSyncLogGroup: ILogGroup;
  /** The Orders table's name (created or adopted). */
  readonly tableName: string;
  /**
   * The DynamoDB operations the resolvers issue.
   * @default ['PutItem', 'Query']
   */
  readonly tableOperations?: readonly string[];
  /** The REST shims' API name and stage (ApiName, Stage dimensions). */
  readonly restApiName: string;
  readonly restStageName: string;
  readonly thresholds: AlarmThresholds;
  /** An address that receives every alarm (SNS e-mail; the owner confirms it once). */
  readonly alarmEmail?: string;
}

export class OrdersMonitoring extends Construct {
  /** The topic every alarm notifies (in ALARM and back to OK). */
  public readonly topic: Topic;
  /** The alarms by name suffix (`AppSync5xxRate`, …): docs/operations.md explains each. */
  public readonly alarms: ReadonlyMap<string, Alarm>;
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OrdersMonitoringProps) {
    super(scope, id);
    const t = props.thresholds;
    this.topic = new Topic(this, 'AlarmTopic', { displayName: `${props.namePrefix} alarms`, enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const appSync = (metricName: string, statistic = 'Sum'): Metric =>
      new Metric({ namespace: 'AWS/AppSync', metricName, statistic, period: PERIOD, dimensionsMap: { GraphQLAPIId: props.graphqlApiId } });
    const rest = (metricName: string, statistic = 'Sum'): Metric =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        statistic,
        period: PERIOD,
        dimensionsMap: { ApiName: props.restApiName, Stage: props.restStageName },
      });
    const operations = props.tableOperations ?? ['PutItem', 'Query'];
    /** One metric summed over the operations the API issues (the metric exists per TableName + Operation). */
    const table = (metricName: string, label: string): MathExpression => {
      const usingMetrics = Object.fromEntries(
        operations.map((operation, i) => [
          `op${i}`,
          new Metric({
            namespace: 'AWS/DynamoDB',
            metricName,
            statistic: 'Sum',
            period: PERIOD,
            dimensionsMap: { TableName: props.tableName, Operation: operation },
          }),
        ]),
      );
      return new MathExpression({
        expression: Object.keys(usingMetrics)
          .map((k) => `FILL(${k}, 0)`)
          .join(' + '),
        usingMetrics,
        label,
        period: PERIOD,
      });
    };
    /** errors / requests in percent; 0 when there were no requests (not missing data). */
    const rate = (errors: Metric, requests: Metric, label: string): MathExpression =>
      new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors, requests },
        label,
        period: PERIOD,
      });

    const itemCollectionMetric = this.itemCollectionErrors(props);

    const specs: readonly AlarmSpec[] = [
      {
        name: 'AppSync5xxRate',
        metric: rate(appSync('5XXError'), appSync('Requests'), 'AppSync 5XX %'),
        threshold: t.appSync5xxPercent,
        datapoints: 2,
        what: 'AppSync 5XXError / Requests (percent)',
      },
      {
        name: 'AppSync4xxRate',
        metric: rate(appSync('4XXError'), appSync('Requests'), 'AppSync 4XX %'),
        threshold: t.appSync4xxPercent,
        datapoints: 2,
        what: 'AppSync 4XXError / Requests (percent)',
      },
      {
        name: 'AppSyncLatencyP99',
        metric: appSync('Latency', 'p99'),
        threshold: t.appSyncLatencyP99Ms,
        datapoints: 2,
        what: 'AppSync Latency p99 (ms)',
      },
      {
        name: 'DynamoDbThrottles',
        metric: table('ThrottledRequests', 'Throttled requests'),
        threshold: t.dynamoThrottledRequests,
        datapoints: 1,
        what: `ThrottledRequests on ${operations.join('/')}`,
      },
      {
        name: 'DynamoDbSystemErrors',
        metric: table('SystemErrors', 'System errors'),
        threshold: t.dynamoSystemErrors,
        datapoints: 1,
        what: `SystemErrors on ${operations.join('/')}`,
      },
      {
        name: 'ItemCollectionSizeLimit',
        metric: itemCollectionMetric,
        threshold: t.itemCollectionSizeErrors,
        datapoints: 1,
        what: `${ITEM_COLLECTION_ERROR} errors in the AppSync logs (a store reached the 10 GB LSI item-collection limit)`,
      },
      {
        name: 'RestApi5xxRate',
        metric: rate(rest('5XXError'), rest('Count'), 'REST 5XX %'),
        threshold: t.apiGateway5xxPercent,
        datapoints: 2,
        what: 'API Gateway 5XXError / Count (percent)',
      },
      {
        name: 'RestApiLatencyP99',
        metric: rest('Latency', 'p99'),
        threshold: t.apiGatewayLatencyP99Ms,
        datapoints: 2,
        what: 'API Gateway Latency p99 (ms)',
      },
    ];

    const action = new SnsAction(this.topic);
    const alarms = new Map<string, Alarm>();
    for (const spec of specs) {
      const alarm = new Alarm(this, spec.name, {
        alarmName: `${props.namePrefix}-${spec.name}`,
        alarmDescription: `${spec.what} >= ${spec.threshold}. Runbook: docs/operations.md#${spec.name.toLowerCase()}`,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: spec.datapoints,
        // No traffic is not an outage: rates are 0 then, and sparse counters simply have no data.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms.set(spec.name, alarm);
    }
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.hours(6),
    });
    const widgets = [...alarms.entries()].map(([name, alarm]) => new AlarmWidget({ title: name, alarm, width: 8, height: 6 }));
    for (let i = 0; i < widgets.length; i += 3) this.dashboard.addWidgets(...widgets.slice(i, i + 3));
    // The stack's tags would land on the dashboard too; cfn-lint 1.51's resource schema has no Tags on
    // AWS::CloudWatch::Dashboard (E3002), and a dashboard costs the same tagged or not.
    (this.dashboard.node.defaultChild as CfnDashboard).addPropertyDeletionOverride('Tags');

    // Unencrypted on purpose (cdk-nag reports nothing here): it carries only alarm state changes, no
    // order data, and CloudWatch cannot publish to a topic encrypted with the AWS managed key.
  }

  /** Counts ItemCollectionSizeLimitExceededException in AppSync's field logs (see the file comment). */
  private itemCollectionErrors(props: OrdersMonitoringProps): IMetric {
    const filter = new MetricFilter(this, 'ItemCollectionSizeLimitFilter', {
      logGroup: props.appSyncLogGroup,
      filterPattern: FilterPattern.anyTerm(ITEM_COLLECTION_ERROR),
      metricNamespace: `OrdersApi/${props.namePrefix}`,
      metricName: 'ItemCollectionSizeLimitExceeded',
      metricValue: '1',
    });
    return filter.metric({ statistic: 'Sum', period: PERIOD });
  }
}

interface AlarmSpec {
  readonly name: string;
  readonly metric: IMetric;
  readonly threshold: number;
  /** Of 3 five-minute periods, how many must breach. */
  readonly datapoints: number;
  readonly what: string;
}
