/**
 * Where the smoke suite points: flags first, then the stack's outputs (an outputs file, or
 * CloudFormation when only --stack is given). Locally both APIs take one key; on AWS the REST shims
 * take an API Gateway key of their own.
 */
import { parseArgs } from 'node:util';
import { realtimeUrlFor } from './realtimeEndpoint.js';
import { describeStackOutputs, readOutputsFile, restApiKeyValue, type StackOutputs } from './stackOutputs.js';
import type { SmokeTarget } from './target.js';

export const USAGE = `npm run smoke -- [options]

  --graphql-url URL     the GraphQL endpoint (output GraphqlUrl), e.g. https://<id>.appsync-api.<region>.amazonaws.com/graphql
  --api-key KEY         the AppSync API key (output ApiKeyId: AppSync uses the key's id as its value)
  --rest-url URL        the REST shims' base URL (output RestUrl), e.g. https://<id>.execute-api.<region>.amazonaws.com/dev/
  --rest-key KEY        the API Gateway key (read from API Gateway by the output RestApiKeyId when not given)
  --realtime-url URL    the real-time endpoint (default: derived from --graphql-url as AppSync clients do)
  --outputs-file FILE   read the outputs that \`cdk deploy --outputs-file FILE\` wrote
  --stack NAME          the stack (in the outputs file, or read from CloudFormation when there is no file)
  --region REGION       AWS region for CloudFormation / API Gateway (default: the AWS environment's)
  --protocol            run only the protocol set: every answer in smoke/protocol/answers.json (AppSync's
                        HTTP and real-time answers to bad requests; nothing is written). Needs only
                        --graphql-url and --api-key (or the stack's outputs)
  --record              with --protocol against AWS: write AppSync's verdict on each answer into
                        smoke/protocol/answers.json (checkedOnAws: confirmed, or differs with its answer)
  --help

Against the local runtime (npm start), with the key it printed:
  npm run smoke -- --graphql-url http://127.0.0.1:4000/graphql --api-key KEY --rest-url http://127.0.0.1:4000/ --rest-key KEY
  npm run smoke -- --protocol --graphql-url http://127.0.0.1:4000/graphql --api-key KEY

Confirm or correct the recorded AppSync answers against a deployed stack:
  npm run smoke -- --protocol --record --stack OrdersApi-dev`;

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

export type Options =
  | { help: true }
  | {
      help: false;
      target: SmokeTarget;
      /** Only the protocol set (smoke/protocol/answers.json). */
      mode?: 'protocol';
      /** Write the verdicts into answers.json. */
      record?: true;
    };

export async function readOptions(argv: string[]): Promise<Options> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'graphql-url': { type: 'string' },
      'api-key': { type: 'string' },
      'rest-url': { type: 'string' },
      'rest-key': { type: 'string' },
      'realtime-url': { type: 'string' },
      'outputs-file': { type: 'string' },
      stack: { type: 'string' },
      region: { type: 'string' },
      protocol: { type: 'boolean' },
      record: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  if (values.record && !values.protocol) throw new Error(`--record goes with --protocol\n\n${USAGE}`);
  const protocolOnly = values.protocol === true;

  const needsOutputs = !values['graphql-url'] || !values['api-key'] || (!protocolOnly && (!values['rest-url'] || !values['rest-key']));
  let outputs: StackOutputs = {};
  if (needsOutputs && values['outputs-file']) outputs = readOutputsFile(values['outputs-file'], values.stack);
  else if (needsOutputs && values.stack) outputs = await describeStackOutputs(values.stack, values.region);

  const graphqlUrl = values['graphql-url'] ?? outputs.GraphqlUrl;
  const apiKey = values['api-key'] ?? outputs.ApiKeyId;
  const restUrl = values['rest-url'] ?? outputs.RestUrl;
  let restKey = values['rest-key'];
  if (restKey === undefined && outputs.RestApiKeyId && !protocolOnly) restKey = await restApiKeyValue(outputs.RestApiKeyId, values.region);

  const required = protocolOnly
    ? { '--graphql-url': graphqlUrl, '--api-key': apiKey }
    : { '--graphql-url': graphqlUrl, '--api-key': apiKey, '--rest-url': restUrl, '--rest-key': restKey };
  const missing = Object.entries(required)
    .filter(([, value]) => !value)
    .map(([flag]) => flag);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (give the flags, --outputs-file or --stack)\n\n${USAGE}`);
  if (values.record && LOOPBACK.test(new URL(graphqlUrl!).hostname)) {
    throw new Error(`--record writes AppSync's verdicts: point it at a deployed stack, not ${graphqlUrl}\n\n${USAGE}`);
  }
  return {
    help: false,
    target: {
      graphqlUrl: graphqlUrl!,
      apiKey: apiKey!,
      restUrl: restUrl ?? '',
      restKey: restKey ?? '',
      realtimeUrl: values['realtime-url'] ?? realtimeUrlFor(graphqlUrl!),
    },
    ...(protocolOnly ? { mode: 'protocol' as const } : {}),
    ...(values.record ? { record: true as const } : {}),
  };
}
