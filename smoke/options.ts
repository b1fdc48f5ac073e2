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
  --help

Against the local runtime (npm start), with the key it printed:
  npm run smoke -- --graphql-url http://127.0.0.1:4000/graphql --api-key KEY --rest-url http://127.0.0.1:4000/ --rest-key KEY`;

export type Options = { help: true } | { help: false; target: SmokeTarget };

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
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };

  const needsOutputs = !values['graphql-url'] || !values['api-key'] || !values['rest-url'] || !values['rest-key'];
  let outputs: StackOutputs = {};
  if (needsOutputs && values['outputs-file']) outputs = readOutputsFile(values['outputs-file'], values.stack);
  else if (needsOutputs && values.stack) outputs = await describeStackOutputs(values.stack, values.region);

  const graphqlUrl = values['graphql-url'] ?? outputs.GraphqlUrl;
  const apiKey = values['api-key'] ?? outputs.ApiKeyId;
  const restUrl = values['rest-url'] ?? outputs.RestUrl;
  let restKey = values['rest-key'];
  if (restKey === undefined && outputs.RestApiKeyId) restKey = await restApiKeyValue(outputs.RestApiKeyId, values.region);

  const missing = Object.entries({ '--graphql-url': graphqlUrl, '--api-key': apiKey, '--rest-url': restUrl, '--rest-key': restKey })
    .filter(([, value]) => !value)
    .map(([flag]) => flag);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (give the flags, --outputs-file or --stack)\n\n${USAGE}`);
  return {
    help: false,
    target: {
      graphqlUrl: graphqlUrl!,
      apiKey: apiKey!,
      restUrl: restUrl!,
      restKey: restKey!,
      realtimeUrl: values['realtime-url'] ?? realtimeUrlFor(graphqlUrl!),
    },
  };
}
