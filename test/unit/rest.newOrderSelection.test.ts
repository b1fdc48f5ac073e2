/**
 * POST /new-order's mutation selects every Order field: AppSync sends onCreateOrder subscribers
 * only what the mutation selected and filters on it (store_id, user_id), so a narrower selection
 * would keep REST-created orders from subscribers in the cloud. The response template still makes
 * the contract's body from that fuller answer.
 */
import { Kind, isObjectType, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readTemplate, restRoutes } from '../../definitions/rest/routes.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { createContext } from '../../local/rest/vtl/context.js';
import { renderMappingTemplate } from '../../local/rest/vtl/renderTemplate.js';

const NEW_ORDER = restRoutes.find((r) => r.path === '/new-order')!;
const params = { path: {}, querystring: {}, header: {} };
const facts = { httpMethod: 'POST', resourcePath: '/new-order', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };
const render = (template: string, body: string) => renderMappingTemplate(readTemplate(template), body, params, createContext(facts));

describe('POST /new-order and subscribers', () => {
  it('the createOrder request selects every field of Order, unaliased', () => {
    const { query } = JSON.parse(
      render(NEW_ORDER.requestTemplatePath, '{"store_id":"s","order_id":"o","user_id":"u","grand_total":1}').body,
    ) as { query: string };
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    const createOrder = operation.selectionSet.selections[0] as FieldNode;
    const selected = createOrder.selectionSet!.selections.map((s) => {
      expect(s.kind === Kind.FIELD && s.alias).toBe(undefined);
      return (s as FieldNode).name.value;
    });
    const order = loadSchemas().declared.getType('Order');
    expect(isObjectType(order) && Object.keys(order.getFields()).sort()).toEqual([...selected].sort());
  });

  it('the response template still answers the contract’s 201 body from the full order', () => {
    const order = {
      store_id: 's',
      order_id: 'order01',
      user_id: 'u',
      grand_total: 110,
      timestamp: 'u#1',
      created_at: '1970-01-01T00:00:00.001Z',
    };
    const out = render(NEW_ORDER.responseTemplatePath, JSON.stringify({ data: { createOrder: order } }));
    expect(out.status).toBe(201);
    expect(JSON.parse(out.body)).toEqual({ statusCode: 201, body: { message: 'Order order01 submitted successfully' } });
  });
});
