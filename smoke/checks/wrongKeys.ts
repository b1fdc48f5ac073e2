/** Missing and wrong keys: GraphQL 401, REST 403, real-time connection_error — and nothing served. */
import type { Check } from '../check.js';
import { expectAnswer, expectEqual, expectThat } from '../expect.js';
import { graphql, rest } from '../http.js';
import { USER_ORDERS } from '../operations.js';
import { connectionAnswer } from '../realtimeSubscriber.js';

const WRONG_KEY = 'da2-smokeWrongKeyThatNoApiHas000000';
const UNAUTHORIZED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };

export const wrongKeyChecks: Check[] = [
  {
    name: 'graphql with a wrong x-api-key: 401 UnauthorizedException "You are not authorized to make this call."',
    async run({ target, storeId }) {
      expectAnswer(await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'user1' }, WRONG_KEY), 401, UNAUTHORIZED);
    },
  },
  {
    // The contract gives the same body for a missing key; AppSync's own wording for a request with
    // no auth header at all may differ (docs/fidelity.md), so only status and errorType are held here.
    name: 'graphql without x-api-key: 401 UnauthorizedException',
    async run({ target, storeId }) {
      const answer = await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'user1' }, null);
      expectAnswer(answer, 401);
      expectEqual(answer.json?.errors?.[0]?.errorType, 'UnauthorizedException', 'errors[0].errorType');
      expectThat(answer.json?.data === undefined, `data in a 401 answer: ${answer.text}`);
    },
  },
  {
    name: 'rest without or with a wrong x-api-key: 403 {"message":"Forbidden"} on both paths',
    async run({ target, storeId }) {
      for (const path of ['new-order', 'user-orders'] as const) {
        for (const key of [null, WRONG_KEY]) {
          const body = { store_id: storeId, order_id: 'never-written', user_id: 'smoke-forbidden', grand_total: 1 };
          expectAnswer(
            await rest(target, path, path === 'new-order' ? body : { store_id: storeId, user_id: 'smoke-forbidden' }, key),
            403,
            { message: 'Forbidden' },
          );
        }
      }
    },
  },
  {
    name: 'realtime with a wrong key: connection_error UnauthorizedException (errorCode 401)',
    async run({ target }) {
      const answer = await connectionAnswer(target, WRONG_KEY);
      expectEqual(answer.type, 'connection_error', 'answer to connection_init');
      const error = (answer.payload as { errors?: { errorType?: string; errorCode?: number }[] } | undefined)?.errors?.[0];
      expectEqual(error?.errorType, 'UnauthorizedException', 'errors[0].errorType');
      expectEqual(error?.errorCode, 401, 'errors[0].errorCode');
    },
  },
];
