/**
 * From a mutation's result to `data` messages. Mutations only enqueue (the executor calls the
 * listener synchronously inside the mutation); the fan-out runs later, a bounded number of
 * subscribers per event-loop turn, one event after the other, so every subscriber sees events
 * in mutation order and a large fan-out never holds up requests. Each subscriber gets the fields
 * its subscription selected, rendered by graphql-js over the mutation's payload and serialized
 * once per distinct query+variables per event.
 *
 * The payload is the mutation's response as its client received it (see `MutationListener`):
 * a field the mutation did not select is null for subscribers, and a non-null one is AppSync's
 * "Cannot return null for non-nullable type" error with the whole object null
 * (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html: "the
 * subscription selection set must be a subset of the mutation selection set"). Filters see the
 * fields' values: a filter on a field the mutation did not select (or selected only under another
 * name) does not match, and a key the client named after another field (`user_id: order_id`) is
 * not that field's value — filters never read it (inferred: AppSync does not document whether its
 * filters read response keys; resolvers/lib/selectionKeys.ts keeps the deployed API safe either way).
 *
 * What the fan-out holds is bounded globally: events waiting (`maxPendingEvents`), deliveries
 * waiting — an event owed to a subscription (`maxPendingDeliveries`) — counted exactly from the
 * channels' numbering (registry.ts), with no per-event list of subscribers; past a bound the
 * slowest subscribers are shed (`Overload`, loadShedder.ts), never everyone's events silently.
 */
import { Kind, execute, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { formatError, type MutationListener } from '../executor.js';
import { completeRootField, type NullCompletionError } from '../nullCompletion.js';
import type { AppSyncSchemas } from '../schema.js';
import type { AppSyncErrorEntry } from '../runtime/errors.js';
import { isJsonObject } from '../../jsonObject.js';
import { matches } from './filter.js';
import { dataMessageText } from './messages.js';
import { SubscriptionRegistry, type Channel, type Membership, type Subscriber, type Subscription } from './registry.js';

/** Subscribers visited per event-loop turn. */
const CHUNK = 256;

/**
 * AppSync's limit on a subscription payload: 240 KB ("Subscription payload size", AppSync's
 * monitoring and quotas pages). A larger event is not delivered, and the subscriber is not told:
 * "AppSync subscription silently fails due to too large of an update mutation"
 * (https://github.com/aws/aws-appsync-community/issues/33, confirmed by the AppSync team there).
 * Locally the server says so on stderr, once per event.
 */
export const MAX_SUBSCRIPTION_PAYLOAD_BYTES = 240 * 1024;

type Payload = { data: unknown; errors?: (AppSyncErrorEntry | NullCompletionError)[] };

interface Pending {
  channel: Channel;
  /** Its number in its channel: members that joined at or after it are not owed it. */
  seq: number;
  /** The response as the mutation's client got it: what subscribers render. */
  payload: unknown;
  /** The fields' values: what filters read. */
  fieldValues: unknown;
  /** The channel's live members, in join order; a member removed meanwhile is never reached. */
  cursor: Iterator<Membership>;
  /** A `data` payload's JSON per render key. */
  rendered: Map<string, string>;
}

export interface FanOutLimits {
  /** Events published and not yet visited for every subscriber. */
  maxPendingEvents: number;
  /** Deliveries waiting: (event, subscription) pairs the fan-out still has to visit. */
  maxPendingDeliveries: number;
}

/** What the fan-out does when it holds too much: it sheds subscribers, slowest first. */
export interface Overload {
  /** Deliveries waiting passed their bound: shed the slowest connections until at most `target` wait. */
  shedSlowest(target: number, waiting: () => number): void;
  /** The event queue is full and its oldest event is dropped: shed everyone still owed it. */
  shedOwed(subscribers: ReadonlySet<Subscriber>): void;
  /** A fan-out turn sent messages (the bytes queued on sockets may have passed their bound). */
  afterSends(): void;
}

/**
 * The payload as filters see it: without the keys that name another field than their own
 * (`user_id: order_id` puts order_id's value under `user_id`).
 */
export function fieldValues(payload: unknown, keyFields: ReadonlyMap<string, string>): unknown {
  if (!isJsonObject(payload)) return payload;
  const renamed = Object.keys(payload).filter((key) => (keyFields.get(key) ?? key) !== key);
  if (renamed.length === 0) return payload;
  const values: Record<string, unknown> = { ...payload };
  for (const key of renamed) delete values[key];
  return values;
}

/** The payload of a `data` message: the subscription's selection over the mutation's payload. */
export function render(schemas: AppSyncSchemas, subscription: Subscription, mutationPayload: unknown): Payload {
  const { document } = subscription;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (subscription.operationName === undefined || d.name?.value === subscription.operationName),
  );
  const node = operation?.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === subscription.fieldName,
  );
  const field = schemas.declared.getSubscriptionType()?.getFields()[subscription.fieldName];
  let value = mutationPayload;
  let nullErrors: NullCompletionError[] = [];
  if (node && field) {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    ({ value, errors: nullErrors } = completeRootField(
      mutationPayload,
      field.type,
      [node],
      node.alias?.value ?? node.name.value,
      'Subscription',
      { schema: schemas.declared, fragments, variables: subscription.variables },
    ));
  }
  const out = execute({
    schema: schemas.execution,
    document,
    rootValue: { [subscription.fieldName]: value },
    variableValues: subscription.variables,
    operationName: subscription.operationName,
  }) as ExecutionResult;
  const payload: Payload = { data: out.data ?? null };
  const errors = [...nullErrors, ...(out.errors ?? []).map((e) => formatError(e, null))];
  if (errors.length > 0) payload.errors = errors;
  return payload;
}

/** A rendered payload over AppSync's limit (never valid JSON, so never a real payload). */
const TOO_LARGE = '\u0000too large';

export class Publisher {
  /** Who listens; removing a subscription tells the count of deliveries waiting what it was owed. */
  readonly registry = new SubscriptionRegistry((owedDeliveries) => (this.waiting -= owedDeliveries));
  private readonly queue: Pending[] = [];
  private waiting = 0;
  private scheduled = false;

  constructor(
    private readonly schemas: AppSyncSchemas,
    private readonly limits: FanOutLimits,
    private readonly overload: Overload,
  ) {}

  /** For `executor.onMutation`: O(1) unless a bound is passed, never throws, never waits. */
  readonly listener: MutationListener = ({ fieldName, payload, keyFields }) => {
    const channel = this.registry.listening(fieldName);
    if (!channel) return;
    channel.published += 1;
    this.waiting += channel.members.size;
    this.queue.push({
      channel,
      seq: channel.published,
      payload,
      fieldValues: fieldValues(payload, keyFields),
      cursor: channel.members.values(),
      rendered: new Map(),
    });
    if (this.queue.length > this.limits.maxPendingEvents) this.dropOldest();
    if (this.waiting > this.limits.maxPendingDeliveries) {
      // Down to three quarters, so one slow fan-out does not shed again at every mutation.
      this.overload.shedSlowest(Math.floor((this.limits.maxPendingDeliveries * 3) / 4), () => this.waiting);
    }
    this.schedule();
  };

  /** True when every event published so far has been handed to the sockets. */
  get idle(): boolean {
    return this.queue.length === 0;
  }

  /** Events waiting for the fan-out. */
  get pendingEvents(): number {
    return this.queue.length;
  }

  /** (event, subscription) pairs the fan-out still has to visit. */
  get pendingDeliveries(): number {
    return this.waiting;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    let budget = CHUNK;
    let sent = 0;
    while (budget > 0 && this.queue.length > 0) {
      const event = this.queue[0]!;
      const step = event.cursor.next();
      if (step.done) {
        event.channel.completed = event.seq;
        this.queue.shift();
        continue;
      }
      budget -= 1;
      const membership = step.value;
      // Joined after this event was published: not owed it.
      if (membership.since >= event.seq) continue;
      membership.seen = event.seq;
      this.waiting -= 1;
      const { subscription } = membership;
      if (!matches(subscription.filter, event.fieldValues)) continue;
      const payload = this.rendered(event, subscription);
      if (payload === TOO_LARGE) continue;
      subscription.subscriber.sendText(dataMessageText(subscription.id, payload));
      sent += 1;
    }
    if (sent > 0) this.overload.afterSends();
    if (this.queue.length > 0) this.schedule();
  }

  /** The `data` payload's JSON for this subscription's selection, or TOO_LARGE past AppSync's limit. */
  private rendered(event: Pending, subscription: Subscription): string {
    let json = event.rendered.get(subscription.renderKey);
    if (json === undefined) {
      json = JSON.stringify(render(this.schemas, subscription, event.payload));
      if (Buffer.byteLength(json) > MAX_SUBSCRIPTION_PAYLOAD_BYTES) {
        console.warn(
          `real-time: a ${subscription.fieldName} event of ${Buffer.byteLength(json)} bytes is over AppSync's ${MAX_SUBSCRIPTION_PAYLOAD_BYTES}-byte subscription payload limit: not delivered, as AppSync drops it`,
        );
        json = TOO_LARGE;
      }
      event.rendered.set(subscription.renderKey, json);
    }
    return json;
  }

  /** The queue is full: its oldest event goes, and so does every subscriber still owed it, so none misses it unawares. */
  private dropOldest(): void {
    const event = this.queue.shift()!;
    const owedTo = new Set<Subscriber>();
    for (let step = event.cursor.next(); !step.done; step = event.cursor.next()) {
      const membership = step.value;
      if (membership.since >= event.seq) continue;
      membership.seen = event.seq;
      this.waiting -= 1;
      owedTo.add(membership.subscription.subscriber);
    }
    event.channel.completed = event.seq;
    this.overload.shedOwed(owedTo);
  }
}
