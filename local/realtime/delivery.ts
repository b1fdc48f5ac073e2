/**
 * From a mutation's result to `data` messages. Mutations only enqueue (the executor calls
 * `publish` synchronously inside the mutation); the fan-out runs later, a bounded number of
 * subscribers per event-loop turn, one event after the other, so every subscriber sees events
 * in mutation order and a large fan-out never holds up requests. Each subscriber gets the fields
 * its subscription selected, rendered by graphql-js over the result (once per distinct
 * query+variables per event).
 */
import { execute, type ExecutionResult } from 'graphql';
import { formatError, type MutationListener } from '../appsync/executor.js';
import type { AppSyncSchemas } from '../appsync/schema.js';
import { matches } from './filter.js';
import type { AppSyncErrorEntry } from '../appsync/runtime/errors.js';
import { dataMessage } from './messages.js';
import type { Subscription, SubscriptionRegistry } from './registry.js';

/** Subscribers handled per event-loop turn. */
const CHUNK = 256;
/** Events waiting for fan-out beyond this are dropped (oldest first), with a warning. */
const MAX_PENDING_EVENTS = 10_000;

type Payload = { data: unknown; errors?: AppSyncErrorEntry[] };

interface Pending {
  result: unknown;
  /** Taken when the mutation happened: a subscription acknowledged later does not get it. */
  subscribers: Subscription[];
  index: number;
  rendered: Map<string, Payload>;
}

/** The payload of a `data` message: the subscription's selection over the mutation's result. */
export function render(schemas: AppSyncSchemas, subscription: Subscription, result: unknown): Payload {
  const out = execute({
    schema: schemas.execution,
    document: subscription.document,
    rootValue: { [subscription.fieldName]: result },
    variableValues: subscription.variables,
    operationName: subscription.operationName,
  }) as ExecutionResult;
  const payload: Payload = { data: out.data ?? null };
  if (out.errors?.length) payload.errors = out.errors.map((e) => formatError(e, null));
  return payload;
}

export class Publisher {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private dropped = 0;

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly schemas: AppSyncSchemas,
  ) {}

  /** For `executor.onMutation`: O(1), never throws, never waits. */
  readonly listener: MutationListener = ({ fieldName, result }) => {
    if (this.queue.length >= MAX_PENDING_EVENTS) {
      this.queue.shift();
      if ((this.dropped += 1) === 1) console.warn(`real-time: more than ${MAX_PENDING_EVENTS} events waiting; dropping the oldest`);
    }
    const subscribers = this.registry.forMutation(fieldName);
    if (subscribers.length === 0) return;
    this.queue.push({ result, subscribers, index: 0, rendered: new Map() });
    this.schedule();
  };

  /** True when every event published so far has been handed to the sockets. */
  get idle(): boolean {
    return this.queue.length === 0;
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
    while (budget > 0 && this.queue.length > 0) {
      const event = this.queue[0]!;
      while (budget > 0 && event.index < event.subscribers.length) {
        const subscription = event.subscribers[event.index]!;
        event.index += 1;
        budget -= 1;
        if (!subscription.active || !matches(subscription.filter, event.result)) continue;
        let payload = event.rendered.get(subscription.renderKey);
        if (!payload) {
          payload = render(this.schemas, subscription, event.result);
          event.rendered.set(subscription.renderKey, payload);
        }
        subscription.subscriber.send(dataMessage(subscription.id, payload));
      }
      if (event.index >= event.subscribers.length) this.queue.shift();
    }
    if (this.queue.length > 0) this.schedule();
  }
}
