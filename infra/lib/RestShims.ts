/**
 * The seed's REST endpoints (`POST /new-order`, `POST /user-orders`) on API Gateway, in front of
 * the AppSync API. Everything about a route comes from definitions/rest/: the JSON Schema model
 * (with a body validator), the request/response VTL and the AppSync field. The integration calls
 * AppSync's `/graphql` with IAM, through a role that may call exactly those fields. API key
 * required, a usage plan with throttling and quota, access logs, gateway responses in the
 * contract's shapes.
 */
import { CfnOutput, Duration, Fn, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AwsIntegration,
  EndpointType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  PassthroughBehavior,
  Period,
  ResponseType,
  RestApi,
  type IApiKey,
  type JsonSchema,
  type Method,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { gatewayResponses as defaultGatewayResponses, type GatewayResponseDefinition } from '../../definitions/rest/gatewayResponses.js';
import { REST_CORS, REST_CORS_RESPONSE_HEADERS, gatewayHeaderValues } from '../../definitions/rest/cors.js';
import {
  REST_BODY_CONTENT_TYPES,
  REST_CONTENT_TYPE,
  readModel,
  readTemplate,
  restRoutes,
  type RestRouteDefinition,
} from '../../definitions/rest/routes.js';

/** AppSync's answers may set these statuses through responseOverride (see the response templates). */
const METHOD_STATUSES = ['200', '201', '400', '502'];

/** `method.response.header.<name>` for each CORS header every answer carries. */
function corsResponseParameters<T>(value: (mapping: string) => T): Record<string, T> {
  return Object.fromEntries(
    Object.entries(gatewayHeaderValues(REST_CORS_RESPONSE_HEADERS)).map(([name, mapping]) => [
      `method.response.header.${name}`,
      value(mapping),
    ]),
  );
}

/** The usage plan's limits, per API key. */
export interface RestShimsLimits {
  /** Steady requests per second, and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests per period. */
  readonly quota: { readonly limit: number; readonly period: Period };
}

/** 50 requests per second (burst 100) and 100,000 a day per key, unless a stage sets its own. */
export const DEFAULT_REST_SHIMS_LIMITS: RestShimsLimits = {
  throttle: { rateLimit: 50, burstLimit: 100 },
  quota: { limit: 100_000, period: Period.DAY },
};

export interface RestShimsProps extends RestShimsLimits {
  /** The REST API's name, e.g. `orders-rest-dev`. */
  readonly name: string;
  /** The deployment stage, e.g. `dev`: the base URL ends with it. */
  readonly stageName: string;
  /** `arn:aws:appsync:<region>:<account>:apis/<apiId>` of the GraphQL API (IAM must be one of its auth modes). */
  readonly graphqlApiArn: string;
  /** `https://<host>.appsync-api.<region>.amazonaws.com/graphql` */
  readonly graphqlUrl: string;
  /**
   * How long CloudWatch keeps the access logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /** @default restRoutes (definitions/rest/routes.ts) */
  readonly routes?: readonly RestRouteDefinition[];
  /** @default gatewayResponses (definitions/rest/gatewayResponses.ts) */
  readonly gatewayResponses?: readonly GatewayResponseDefinition[];
  /**
   * Create the role API Gateway writes execution logs with and set it as the region's
   * `AWS::ApiGateway::Account` CloudWatch role (one setting per account and region, shared by every
   * REST API there; CDK retains both on stack deletion). False: the account already has the setting.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
}

export class RestShims extends Construct {
  public readonly api: RestApi;
  /** The role API Gateway assumes to call AppSync: `appsync:GraphQL` on exactly the routes' fields. */
  public readonly integrationRole: Role;
  public readonly apiKey: IApiKey;
  public readonly usagePlan: UsagePlan;
  public readonly accessLogs: LogGroup;
  /** POST methods by path. */
  public readonly methods: ReadonlyMap<string, Method>;
  /** e.g. `https://<id>.execute-api.<region>.amazonaws.com/dev/` */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: RestShimsProps) {
    super(scope, id);
    const routes = props.routes ?? restRoutes;

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.api = new RestApi(this, 'Api', {
      restApiName: props.name,
      description: 'The seed REST endpoints (POST /new-order, POST /user-orders) in front of the Orders AppSync API',
      endpointTypes: [EndpointType.REGIONAL],
      apiKeySourceType: ApiKeySourceType.HEADER,
      // Browsers on other origins may call the shims (definitions/rest/cors.ts): OPTIONS answers 204.
      defaultCorsPreflightOptions: {
        allowOrigins: [...REST_CORS.allowOrigins],
        allowMethods: [...REST_CORS.allowMethods],
        allowHeaders: [...REST_CORS.allowHeaders],
        maxAge: Duration.seconds(REST_CORS.maxAgeSeconds),
      },
      // Execution logging (ERROR) needs API Gateway's account-level CloudWatch role (docs/deploy.md).
      cloudWatchRole: props.cloudWatchRole ?? true,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
        loggingLevel: MethodLoggingLevel.ERROR,
        // Full request/response logging would copy user ids and totals into CloudWatch.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
      },
    });
    this.url = this.api.url;

    this.integrationRole = new Role(this, 'IntegrationRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: `${props.name}: API Gateway calls the Orders AppSync API (only the fields the REST shims use)`,
      inlinePolicies: {
        AppSyncFields: new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['appsync:GraphQL'],
              resources: routes.map((r) => `${props.graphqlApiArn}/types/${r.graphqlField.typeName}/fields/${r.graphqlField.fieldName}`),
            }),
          ],
        }),
      },
    });

    const validator = this.api.addRequestValidator('BodyValidator', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // The GraphQL host's first label: https://<subdomain>.appsync-api.<region>.amazonaws.com/graphql
    const appsyncSubdomain = Fn.select(0, Fn.split('.', Fn.select(2, Fn.split('/', props.graphqlUrl))));

    const methods = new Map<string, Method>();
    for (const route of routes) {
      const model = this.api.addModel(`${route.modelName}Model`, {
        modelName: route.modelName,
        contentType: REST_CONTENT_TYPE,
        // The file is draft-04 JSON Schema with `$schema` set; CDK passes `$`-keys through unchanged.
        schema: readModel(route) as JsonSchema,
      });
      const integration = new AwsIntegration({
        service: 'appsync-api',
        subdomain: appsyncSubdomain,
        path: 'graphql',
        integrationHttpMethod: 'POST',
        options: {
          credentialsRole: this.integrationRole,
          // Only the body types the shims read as JSON have a template: anything else is refused (415), never passed through.
          passthroughBehavior: PassthroughBehavior.NEVER,
          requestParameters: { 'integration.request.header.Content-Type': `'${REST_CONTENT_TYPE}'` },
          requestTemplates: forEachBodyType(readTemplate(route.requestTemplatePath)),
          // One response for every AppSync status: the template reads the body and sets the status.
          integrationResponses: [
            {
              statusCode: '200',
              responseTemplates: { [REST_CONTENT_TYPE]: readTemplate(route.responseTemplatePath) },
              responseParameters: corsResponseParameters((value) => value),
            },
          ],
        },
      });
      const method = this.api.root.addResource(route.path.slice(1)).addMethod('POST', integration, {
        operationName: route.graphqlField.fieldName,
        apiKeyRequired: true,
        requestValidator: validator,
        requestModels: forEachBodyType(model),
        methodResponses: METHOD_STATUSES.map((statusCode) => ({ statusCode, responseParameters: corsResponseParameters(() => true) })),
      });
      methods.set(route.path, method);
    }
    this.methods = methods;

    for (const response of props.gatewayResponses ?? defaultGatewayResponses) {
      this.api.addGatewayResponse(response.type, {
        type: ResponseType.of(response.type),
        statusCode: String(response.statusCode),
        templates: { [REST_CONTENT_TYPE]: readTemplate(response.templatePath) },
        responseHeaders: gatewayHeaderValues(REST_CORS_RESPONSE_HEADERS),
      });
    }

    this.apiKey = this.api.addApiKey('ApiKey', { description: `${props.name}: key of the seed's REST clients (x-api-key)` });
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: `${props.name}-plan`,
      description: 'Per-key throttling and quota for the REST shims',
      throttle: props.throttle,
      quota: props.quota,
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);

    new CfnOutput(this, 'RestUrl', {
      key: 'RestUrl',
      value: this.url,
      description: 'REST shims base URL (POST new-order, user-orders; x-api-key header)',
    });
    new CfnOutput(this, 'RestApiKeyId', {
      key: 'RestApiKeyId',
      value: this.apiKey.keyId,
      description: 'Id of the REST API key (read the secret with: aws apigateway get-api-key --include-value --api-key <RestApiKeyId>)',
    });

    this.addNagAcknowledgements();
  }

  /** cdk-nag (AwsSolutions) findings this design accepts, each with its reason. */
  private addNagAcknowledgements(): void {
    for (const [path, method] of this.methods) {
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason:
            `POST ${path} keeps the seed's contract: its existing clients authenticate with an API Gateway API key ` +
            '(required on the method, bound to a throttled usage plan) and have no IAM or token credentials to send.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason:
            `POST ${path} serves the seed's existing clients, which have no Cognito users; the contract gives them an ` +
            'API key (x-api-key) and the GraphQL API behind it is reached with IAM, not with user tokens.',
        },
      );
    }
    // AwsSolutions-APIG3 (no WAF web ACL) is the stack's decision per stage: OrdersProtection.ts.
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-level CloudWatch role (made by RestApi for execution logging) uses " +
          'AmazonAPIGatewayPushToCloudWatchLogs, which only writes logs; log group names are chosen by API Gateway at ' +
          'run time, so a hand-written policy could not be narrower.',
      });
    }
  }
}

/** The same value for every request content type the shims read as JSON. */
function forEachBodyType<T>(value: T): Record<string, T> {
  return Object.fromEntries(REST_BODY_CONTENT_TYPES.map((type) => [type, value]));
}
