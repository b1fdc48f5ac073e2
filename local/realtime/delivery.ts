/**
 * From a mutation's result to `data` messages. Mutations only enqueue (the executor calls
 * `publish` synchronously inside the mutation); the fan-out runs later, a bounded number of
 * subscribers per event-loop turn, one event after the other, so every subscriber sees events
 * in mutation order and a large fan-out never holds up requests. Each subscriber gets the fields
 * its subscription selected, rendered by graphql-js over the mutation's payload (once per distinct
 * query+variables per event).
 *
 * The payload is the mutation's response as its client received it (see `MutationListener`):
 * a field the mutation did not select is null for subscribers, and a non-null one is AppSync's
 * "Cannot return null for non-nullable type" error with the whole object null
 * (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html: "the
 * subscription selection set must be a subset of the mutation selection set"). Filters see the
 * same payload: a filter on a field the mutation did not select does not match.
 */
import { Kind, execute, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { formatError, type MutationListener } from '../appsync/executor.js';
import { completeRootField, type NullCompletionError } from '../appsync/nullCompletion.js';
import type { AppSyncSchemas } from '../appsync/schema.js';
import { matches } from './filter.js';
import type { AppSyncErrorEntry } from '../appsync/runtime/errors.js';
import { dataMessage } from './messages.js';
import type { Subscription, SubscriptionRegistry } from './registry.js';

/** Subscribers handled per event-loop turn. */
const CHUNK = 256;
/** Events waiting for fan-out beyond this are dropped (oldest first), with a warning. */
const MAX_PENDING_EVENTS = 10_000;

type Payload = { data: unknown; errors?: (AppSyncErrorEntry | NullCompletionError)[] };

interface Pending {
  payload: unknown;
  /** Taken when the mutation happened: a subscription acknowledged later does not get it. */
  subscribers: Subscription[];
  index: number;
  rendered: Map<string, Payload>;
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
      fragments,
      subscription.variables,
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

export class Publisher {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private dropped = 0;

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly schemas: AppSyncSchemas,
  ) {}

  /** For `executor.onMutation`: O(1), never throws, never waits. */
  readonly listener: MutationListener = ({ fieldName, payload }) => {
    if (this.queue.length >= MAX_PENDING_EVENTS) {
      this.queue.shift();
      if ((this.dropped += 1) === 1) console.warn(`real-time: more than ${MAX_PENDING_EVENTS} events waiting; dropping the oldest`);
    }
    const subscribers = this.registry.forMutation(fieldName);
    if (subscribers.length === 0) return;
    this.queue.push({ payload, subscribers, index: 0, rendered: new Map() });
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
        if (!subscription.active || !matches(subscription.filter, event.payload)) continue;
        let payload = event.rendered.get(subscription.renderKey);
        if (!payload) {
          payload = render(this.schemas, subscription, event.payload);
          event.rendered.set(subscription.renderKey, payload);
        }
        subscription.subscriber.send(dataMessage(subscription.id, payload));
      }
      if (event.index >= event.subscribers.length) this.queue.shift();
    }
    if (this.queue.length > 0) this.schedule();
  }
}
