/** The REST shims' CORS in the template: preflight on both resources, the headers on every answer. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { gatewayResponses } from '../../definitions/rest/gatewayResponses.js';
import { REST_CORS } from '../../definitions/rest/cors.js';
import { makeStack } from './helpers.js';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(makeStack());
});

describe('REST shims CORS (definitions/rest/cors.ts)', () => {
  it('answers OPTIONS on each shim with a 204 mock carrying the allowed origin, methods and headers', () => {
    for (const path of ['new-order', 'user-orders']) {
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: path });
    }
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', ResourceId: Match.anyValue() }, 3); // root and the two shims
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: {
        Type: 'MOCK',
        IntegrationResponses: [
          Match.objectLike({
            StatusCode: '204',
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': "'*'",
              'method.response.header.Access-Control-Allow-Headers': `'${REST_CORS.allowHeaders.join(',')}'`,
              'method.response.header.Access-Control-Allow-Methods': `'${REST_CORS.allowMethods.join(',')}'`,
              'method.response.header.Access-Control-Max-Age': `'${REST_CORS.maxAgeSeconds}'`,
            }),
          }),
        ],
      },
    });
  });

  it('sets Access-Control-Allow-Origin on every POST answer and every gateway response', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: Match.objectLike({
        IntegrationResponses: [
          Match.objectLike({ ResponseParameters: Match.objectLike({ 'method.response.header.Access-Control-Allow-Origin': "'*'" }) }),
        ],
      }),
      MethodResponses: Match.arrayWith([
        Match.objectLike({
          StatusCode: '400',
          ResponseParameters: Match.objectLike({ 'method.response.header.Access-Control-Allow-Origin': true }),
        }),
      ]),
    });
    for (const response of gatewayResponses) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: response.type,
        ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }),
      });
    }
  });
});
