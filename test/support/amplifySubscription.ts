/**
 * What an aws-amplify 6 app does to receive orders, as a developer writes it: the endpoint the ready
 * line prints and the API key, nothing else — no WebSocket subclass, no URL rewriting. Subscribes to
 * onCreateOrder, creates one order once AppSync (here: the local server) acknowledged the
 * subscription, and resolves with the event received, or rejects with Hub's connection states.
 * Runs in Node (amplifySubscriber.ts) and, bundled, in a browser page.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';

export interface SubscriptionRun {
  endpoint: string;
  apiKey: string;
  storeId: string;
  timeoutMs: number;
}

export interface SubscriptionOutcome {
  data: unknown;
  /** Hub's connection states on the way (Connecting, Connected…). */
  states: string[];
}

const SUBSCRIPTION = `subscription OnCreateOrder($store_id: String!) {
  onCreateOrder(store_id: $store_id) { store_id order_id user_id grand_total timestamp created_at }
}`;
const CREATE = `mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) { store_id order_id user_id grand_total timestamp created_at }
}`;

type Client = { graphql(options: { query: string; variables: Record<string, unknown> }): unknown };
type Observable = { subscribe(o: { next(v: { data: unknown }): void; error(e: unknown): void }): unknown };

export function subscribeAndCreate(run: SubscriptionRun): Promise<SubscriptionOutcome> {
  Amplify.configure({ API: { GraphQL: { endpoint: run.endpoint, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey: run.apiKey } } });
  const states: string[] = [];
  const client = generateClient() as unknown as Client;
  const order = { store_id: run.storeId, order_id: `order-${Date.now()}`, user_id: 'user1', grand_total: 12.5 };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no event in ${run.timeoutMs} ms; connection states: ${states.join(' → ') || 'none'}`)),
      run.timeoutMs,
    );
    Hub.listen('api', ({ payload }) => {
      if (payload.event === 'ConnectionStateChange') states.push(String((payload.data as { connectionState: string }).connectionState));
      if (payload.event === 'Subscription ack') void (client.graphql({ query: CREATE, variables: { input: order } }) as Promise<unknown>);
    });
    (client.graphql({ query: SUBSCRIPTION, variables: { store_id: run.storeId } }) as Observable).subscribe({
      next: ({ data }) => {
        clearTimeout(timer);
        resolve({ data, states });
      },
      error: (error) => states.push(`error ${JSON.stringify(error)}`),
    });
  });
}
