/**
 * The stack's outputs (GraphqlUrl, ApiKeyId, RestUrl, RestApiKeyId: infra/lib/) from
 * `cdk deploy --outputs-file` or from CloudFormation itself, and the REST key's value from API
 * Gateway (an output can only name the key's id). The AWS SDK clients are loaded only when used,
 * with the credentials and region of the usual AWS environment.
 */
import { readFileSync } from 'node:fs';

export type StackOutputs = Record<string, string>;

/** `cdk deploy --outputs-file f.json` writes `{ "<stack>": { "<output>": "<value>" } }`. */
export function readOutputsFile(path: string, stackName?: string): StackOutputs {
  const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, StackOutputs>;
  const names = Object.keys(all);
  const name = stackName ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new Error(`${path} holds ${names.length} stacks (${names.join(', ')}): say which with --stack`);
  const outputs = all[name];
  if (!outputs) throw new Error(`${path} has no stack ${name} (it has ${names.join(', ')})`);
  return outputs;
}

export async function describeStackOutputs(stackName: string, region?: string): Promise<StackOutputs> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(region ? { region } : {});
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(outputs.filter((o) => o.OutputKey && o.OutputValue).map((o) => [o.OutputKey!, o.OutputValue!]));
}

export async function restApiKeyValue(keyId: string, region?: string): Promise<string> {
  const { APIGatewayClient, GetApiKeyCommand } = await import('@aws-sdk/client-api-gateway');
  const client = new APIGatewayClient(region ? { region } : {});
  const { value } = await client.send(new GetApiKeyCommand({ apiKey: keyId, includeValue: true }));
  if (!value) throw new Error(`API Gateway returned no value for API key ${keyId}`);
  return value;
}
