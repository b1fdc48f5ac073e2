/**
 * The real-time (WebSocket) endpoint of a GraphQL URL, derived as AppSync clients derive it
 * (aws-amplify's AWSAppSyncRealTimeProvider; AppSync's "Building a real-time WebSocket client":
 * https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html):
 * - `https://<id>.appsync-api.<region>.amazonaws.com/graphql` →
 *   `wss://<id>.appsync-realtime-api.<region>.amazonaws.com/graphql`;
 * - any other URL (a custom domain, the local runtime) → the same URL plus `/realtime`, over
 *   `wss://` for `https://` and, for the local runtime's plain `http://`, over `ws://`.
 */
const APPSYNC_API_HOST = /^([a-z0-9]+)\.appsync-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

export function realtimeUrlFor(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  const secure = url.protocol === 'https:';
  if (APPSYNC_API_HOST.test(url.hostname)) {
    url.hostname = url.hostname.replace('.appsync-api.', '.appsync-realtime-api.');
    url.protocol = 'wss:';
    return url.toString();
  }
  url.protocol = secure ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/realtime`;
  return url.toString();
}
