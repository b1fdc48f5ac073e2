/**
 * One WebSocket connection speaking AppSync's real-time protocol: connection_init → connection_ack,
 * start → start_ack | error, stop → complete, `ka` and pings on the server's tick, a lifetime of at
 * most `maxConnectionMs` (AppSync: 24 hours), and the backpressure rule: a subscriber that does not read (its unsent bytes pass the limit, or it is
 * among the slowest when the fan-out passes a global bound: loadShedder.ts) is shed rather than
 * buffered without end — sending never waits, so a slow peer never slows anyone else.
 */
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import type { Caller } from '../engine/caller.js';
import type { GraphQLRequest } from '../engine/executor.js';
import { isRefusal, UNAUTHORIZED, type AuthRefusal } from '../auth/selectCaller.js';
import { isJsonObject } from '../jsonObject.js';
import { CONNECT_SIGNED, connectAuthHeaders, GRAPHQL_PATH, startAuthHeaders, stringHeaders, type SignedPayload } from './auth.js';
import {
  badRequest,
  complete,
  connectionAck,
  connectionError,
  duplicatedOperation,
  errorMessage,
  keepAlive,
  limitErrorMessage,
  maxSubscriptionsReached,
  parseClientMessage,
  serialize,
  startAck,
  subscriberTooSlow,
  unauthorized,
  unsupportedOperation,
  type ClientMessage,
  type RealtimeError,
  type ServerMessage,
} from '../engine/realtime/messages.js';
import type { Sheddable } from '../engine/realtime/loadShedder.js';
import type { RealtimeOptions } from './options.js';
import { owed, type Subscriber, type Subscription, type SubscriptionRegistry } from '../engine/realtime/registry.js';
import { startRequest, type PrepareOutcome } from '../engine/realtime/subscribe.js';

/**
 * Close codes: 1001 server going away; 4408 no connection_init in time (graphql-ws's code); 1013
 * "Try Again Later" for a shed subscriber (RFC 6455's registry: the server is overloaded; AppSync's
 * own code for this case is not documented: inferred).
 */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INIT_TIMEOUT = 4408;
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** How long a shed peer has to read its error and close frame before its socket is cut (and its buffers freed). */
const SHED_GRACE_MS = 1_000;
/**
 * While data flows to it, a peer is pinged at most this often: the time its oldest unanswered ping
 * has waited is its read backlog. The kernel's socket buffers hide megabytes from `bufferedAmount`,
 * so without this a peer that stopped reading looks like one that keeps up until they fill.
 */
const READ_PROBE_MS = 1_000;

export interface ConnectionDeps {
  /** The caller an auth header object admits (API key or user-pool token), or null; `headers` become `ctx.request.headers`. */
  authorize(
    auth: Record<string, unknown> | null,
    headers: Record<string, string>,
    signed: SignedPayload | undefined,
  ): Promise<Caller | AuthRefusal>;
  options: RealtimeOptions;
  registry: SubscriptionRegistry;
  prepare(request: GraphQLRequest, caller: Caller): Promise<PrepareOutcome>;
  onClose(connection: RealtimeConnection): void;
}

/** A `start` still being prepared (its resolver runs asynchronously). */
const STARTING = Symbol('starting');

export class RealtimeConnection implements Subscriber, Sheddable {
  private readonly subscriptions = new Map<string, Subscription | typeof STARTING>();
  /** Verified once at the handshake (a token check is asynchronous). */
  private readonly connectCaller: Promise<Caller | AuthRefusal>;
  private readonly upgradeHeaders: Record<string, string>;
  private initialized = false;
  /**
   * Between a `connection_init` and its `connection_ack`: "all messages sent before receiving
   * connection_ack are ignored" (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html).
   */
  private awaitingAck = false;
  private lifetimeTimer: NodeJS.Timeout;
  private alive = true;
  private closed = false;
  private initTimer: NodeJS.Timeout | undefined;
  private shedTimer: NodeJS.Timeout | undefined;
  shedding = false;
  /** When the oldest ping still unanswered was sent: the peer has not read anything since. */
  private probeSentAt: number | undefined;
  private lastProbeAt = 0;

  constructor(
    private readonly ws: WebSocket,
    req: IncomingMessage,
    private readonly deps: ConnectionDeps,
  ) {
    const headers = connectAuthHeaders(req);
    this.upgradeHeaders = stringHeaders(headers);
    this.connectCaller = deps.authorize(headers, this.upgradeHeaders, CONNECT_SIGNED).catch(() => UNAUTHORIZED);
    this.initTimer = setTimeout(() => this.ws.close(CLOSE_INIT_TIMEOUT, 'connection_init timeout'), deps.options.initTimeoutMs);
    this.lifetimeTimer = setTimeout(
      () => this.ws.close(CLOSE_GOING_AWAY, 'Connection duration limit reached'),
      deps.options.maxConnectionMs,
    );
    this.lifetimeTimer.unref();
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
      this.probeSentAt = undefined;
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.cleanUp());
  }

  /** Sends unless the peer is gone, shed or too slow; never waits. */
  send(message: ServerMessage): void {
    this.sendText(serialize(message));
  }

  sendText(text: string): void {
    if (this.closed || this.shedding || this.ws.readyState !== this.ws.OPEN) return;
    const unsent = this.ws.bufferedAmount;
    if (unsent > this.deps.options.maxBufferedBytes) {
      console.warn(`real-time: shedding a connection that does not read (${unsent} bytes unsent)`);
      return this.shed();
    }
    this.ws.send(text);
    const now = Date.now();
    if (this.probeSentAt === undefined && now - this.lastProbeAt >= READ_PROBE_MS) this.ping(now);
  }

  /** Since when the peer has not read (its oldest unanswered ping); undefined while it keeps up. */
  get backlogSince(): number | undefined {
    return this.probeSentAt;
  }

  get unsentBytes(): number {
    return this.ws.bufferedAmount;
  }

  owedDeliveries(): number {
    let total = 0;
    for (const subscription of this.subscriptions.values())
      if (subscription !== STARTING) for (const membership of subscription.memberships ?? []) total += owed(membership);
    return total;
  }

  /**
   * Too slow for the fan-out: every subscription stops now (the fan-out owes it nothing more), each
   * gets an `error` (LimitExceededError) so clients report it, then a close frame (1013); the socket
   * is cut after a grace period whatever the peer does, which frees what it never read.
   */
  shed(): void {
    if (this.closed || this.shedding) return;
    this.shedding = true;
    const ids: string[] = [];
    for (const [id, subscription] of this.subscriptions) {
      ids.push(id);
      if (subscription !== STARTING) this.deps.registry.remove(subscription);
    }
    this.subscriptions.clear();
    if (this.ws.readyState !== this.ws.OPEN) return this.ws.terminate();
    for (const id of ids) this.ws.send(serialize(limitErrorMessage(id, subscriberTooSlow())));
    this.ws.close(CLOSE_TRY_AGAIN_LATER, 'Subscriber too slow');
    this.shedTimer = setTimeout(() => this.ws.terminate(), SHED_GRACE_MS);
    this.shedTimer.unref();
  }

  /** The server's keep-alive tick: `ka` once acknowledged, and a ping; two missed pongs and the peer is gone. */
  tick(): void {
    if (this.closed || this.shedding) return;
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ping(Date.now());
    if (this.initialized) this.send(keepAlive());
  }

  /** A ping that also probes whether the peer reads: the oldest unanswered one dates its backlog. */
  private ping(now: number): void {
    this.ws.ping();
    this.probeSentAt ??= now;
    this.lastProbeAt = now;
  }

  /** Server shutdown: a close frame (1001); the server cuts whatever has not closed after a grace period. */
  shutDown(): void {
    if (this.closed || this.shedding) return;
    this.ws.close(CLOSE_GOING_AWAY, 'Server shutting down');
  }

  terminate(): void {
    this.ws.terminate();
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.shedding || this.awaitingAck) return;
    if (isBinary) return this.send(errorMessage(undefined, badRequest('Messages must be text frames')));
    const message = parseClientMessage(data.toString());
    if (typeof message === 'string') return this.send(errorMessage(undefined, badRequest(message)));
    switch (message.type) {
      case 'connection_init':
        return void this.init();
      case 'start':
        return void this.start(message);
      case 'stop':
        return this.stop(message.id);
      default:
        // AppSync names no operation and no id here (enisdenjo/graphql-ws#602: a `subscribe` frame).
        return this.send(errorMessage(undefined, unsupportedOperation('unknown')));
    }
  }

  private async init(): Promise<void> {
    this.clearInitTimer();
    this.awaitingAck = true;
    const connected = await this.connectCaller;
    this.awaitingAck = false;
    if (isRefusal(connected)) {
      // In the protocol, not as an HTTP 401: clients then report it instead of retrying silently.
      this.send(connectionError(refusalError(connected)));
      this.ws.close(1000, 'Unauthorized');
      return;
    }
    this.initialized = true;
    this.send(connectionAck());
  }

  private async start(message: ClientMessage): Promise<void> {
    const { id, payload } = message;
    if (id === undefined) return this.send(errorMessage(undefined, badRequest("A start message needs an 'id'")));
    const connected = await this.connectCaller;
    if (isRefusal(connected)) return this.send(errorMessage(id, refusalError(connected)));
    if (this.subscriptions.has(id)) return this.send(errorMessage(id, duplicatedOperation(id)));
    const max = this.deps.options.maxSubscriptionsPerConnection;
    if (this.subscriptions.size >= max) return this.send(limitErrorMessage(id, maxSubscriptionsReached(max)));
    // Held before the (asynchronous) token check, so a second start with this id is a duplicate.
    this.subscriptions.set(id, STARTING);
    const auth = startAuthHeaders(payload);
    const data = isJsonObject(payload) ? payload.data : undefined;
    const signed = typeof data === 'string' ? { path: GRAPHQL_PATH, body: data } : undefined;
    const caller = await this.deps.authorize(auth, { ...this.upgradeHeaders, ...stringHeaders(auth) }, signed).catch(() => UNAUTHORIZED);
    if (this.closed || this.shedding || this.subscriptions.get(id) !== STARTING) return;
    if (isRefusal(caller)) {
      this.subscriptions.delete(id);
      return this.send(errorMessage(id, refusalError(caller)));
    }
    const request = startRequest(payload);
    if (!('query' in request)) {
      this.subscriptions.delete(id);
      // A start AppSync cannot read (no `payload.data`) is answered without its id, as a foreign frame is.
      const unreadable = 'errorType' in request && request.errorType === 'UnsupportedOperation';
      return this.send(errorMessage(unreadable ? undefined : id, request));
    }
    this.clearInitTimer();
    this.initialized = true;

    let outcome: PrepareOutcome;
    try {
      outcome = await this.deps.prepare(request, caller);
    } catch (error) {
      console.error('real-time: preparing a subscription failed:', error);
      outcome = { errors: [{ errorType: 'InternalFailure', message: 'An internal failure occurred' }] };
    }
    // Stopped (or disconnected, or shed) while it was being prepared: the stop was already answered.
    if (this.closed || this.shedding || this.subscriptions.get(id) !== STARTING) return;
    if ('errors' in outcome) {
      this.subscriptions.delete(id);
      return this.send(errorMessage(id, ...outcome.errors));
    }
    const subscription: Subscription = { ...outcome.subscription, id, subscriber: this, active: true };
    this.subscriptions.set(id, subscription);
    this.deps.registry.add(subscription);
    this.send(startAck(id));
  }

  /** Idempotent: a stop for an unknown or already stopped id is answered with `complete` too. */
  private stop(id: string | undefined): void {
    if (id === undefined) return this.send(errorMessage(undefined, badRequest("A stop message needs an 'id'")));
    const subscription = this.subscriptions.get(id);
    this.subscriptions.delete(id);
    if (subscription !== undefined && subscription !== STARTING) this.deps.registry.remove(subscription);
    this.send(complete(id));
  }

  private clearInitTimer(): void {
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = undefined;
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearInitTimer();
    clearTimeout(this.lifetimeTimer);
    if (this.shedTimer) clearTimeout(this.shedTimer);
    for (const subscription of this.subscriptions.values()) if (subscription !== STARTING) this.deps.registry.remove(subscription);
    this.subscriptions.clear();
    this.deps.onClose(this);
  }
}

/**
 * A refusal as a real-time error: a bad key or token is AppSync's UnauthorizedException (401); a
 * SigV4 signature that fails is a BadRequestException (400) with AWS's message, as AppSync's
 * real-time endpoint answers it (awslabs/aws-mobile-appsync-sdk-js#561: "Connection failed:
 * {"errors":[{"errorType":"BadRequestException","message":"The request signature we calculated …").
 */
function refusalError(refusal: AuthRefusal): RealtimeError {
  return refusal.status === 401 ? unauthorized() : badRequest(refusal.message);
}
