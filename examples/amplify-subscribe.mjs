// An aws-amplify 6 app, unmodified, receiving each new order of a store from the local server:
//
//   NODE_EXTRA_CA_CERTS=.data/tls/ca.pem node examples/amplify-subscribe.mjs store1
//
// Amplify dials wss:// for subscriptions, whatever the endpoint's scheme; the local server answers
// TLS on its own port with a certificate of its local CA (DATA_DIR/tls/ca.pem), which Node trusts
// through NODE_EXTRA_CA_CERTS. Node 20 has no global WebSocket: the app gives it `ws`'s, as any
// Node app using Amplify's real-time client must. The same code runs against AppSync in the cloud
// with the cloud's endpoint and key.
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import WebSocket from 'ws';

globalThis.WebSocket ??= WebSocket;

const storeId = process.argv[2] ?? 'store1';
const endpoint = process.env.ORDERS_GRAPHQL_URL ?? 'http://127.0.0.1:4000/graphql';
const apiKey = process.env.API_KEY ?? readFileSync(`${process.env.DATA_DIR ?? '.data'}/api-key`, 'utf8').trim();

Amplify.configure({ API: { GraphQL: { endpoint, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey } } });

const onCreateOrder = /* GraphQL */ `
  subscription OnCreateOrder($store_id: String!) {
    onCreateOrder(store_id: $store_id) {
      store_id
      order_id
      user_id
      grand_total
      timestamp
      created_at
    }
  }
`;

Hub.listen('api', ({ payload }) => {
  if (payload.event === 'ConnectionStateChange') console.error(`connection: ${payload.data.connectionState}`);
  if (payload.event === 'Subscription ack') console.error(`subscribed to the orders of ${storeId}`);
});

generateClient()
  .graphql({ query: onCreateOrder, variables: { store_id: storeId } })
  .subscribe({
    next: ({ data }) => console.log(JSON.stringify(data.onCreateOrder)),
    error: (error) => console.error('subscription error:', JSON.stringify(error)),
  });
