/**
 * The CDK app: the one place that reads CDK context (`-c key=value`, cdk.json's `context`), once,
 * into the stack's typed props (appConfig.ts). Wiring only.
 */
import { App } from 'aws-cdk-lib';
import { OrdersStack } from '../lib/OrdersStack.js';
import { ordersStackProps, readAppConfig } from './appConfig.js';

const app = new App();
const config = readAppConfig((key) => app.node.tryGetContext(key));

new OrdersStack(app, config.stackName, ordersStackProps(config));

app.synth();
