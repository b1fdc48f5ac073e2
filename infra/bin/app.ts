/** The CDK app: read the stage from context (`-c stage=dev`) and instantiate the stack. Wiring only. */
import { App } from 'aws-cdk-lib';
import { OrdersStack } from '../lib/OrdersStack.js';
import { readStageConfig } from '../lib/stageConfig.js';

const app = new App();
const config = readStageConfig((key) => app.node.tryGetContext(key));

new OrdersStack(app, config.stackName, {
  stackName: config.stackName,
  stage: config.stage,
  removalPolicy: config.removalPolicy,
  apiKeyExpiryDays: config.apiKeyExpiryDays,
  logRetention: config.logRetention,
  apiGatewayCloudWatchRole: config.apiGatewayCloudWatchRole,
  ...(config.existingTable ? { existingTable: config.existingTable } : {}),
  description: `Orders API (${config.stage}): AppSync GraphQL + DynamoDB`,
});

app.synth();
