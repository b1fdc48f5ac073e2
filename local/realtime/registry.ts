/**
 * Who listens to what: every live subscription, indexed by the mutation fields that trigger it
 * (`@aws_subscribe(mutations: [...])`), so an event only visits its own subscribers.
 */
import type { DocumentNode } from 'graphql';
import type { EnhancedFilter } from './filter.js';
import type { ServerMessage } from './messages.js';

/** The connection end of a subscription: where its messages go. */
export interface Subscriber {
  send(message: ServerMessage): void;
}

export interface Subscription {
  /** The client's id for it (the `start` message's id). */
  id: string;
  subscriber: Subscriber;
  /** The Subscription field, e.g. `onCreateOrder`. */
  fieldName: string;
  /** The mutation fields whose results it receives. */
  mutations: readonly string[];
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  filter: EnhancedFilter;
  /** Subscriptions with equal keys select the same fields with the same variables: one rendering serves all. */
  renderKey: string;
  /** False once stopped or its connection closed: deliveries already queued skip it. */
  active: boolean;
}

export class SubscriptionRegistry {
  private readonly byMutation = new Map<string, Set<Subscription>>();
  private count = 0;

  add(subscription: Subscription): void {
    this.count += 1;
    for (const mutation of subscription.mutations) {
      let set = this.byMutation.get(mutation);
      if (!set) this.byMutation.set(mutation, (set = new Set()));
      set.add(subscription);
    }
  }

  remove(subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    this.count -= 1;
    for (const mutation of subscription.mutations) {
      const set = this.byMutation.get(mutation);
      set?.delete(subscription);
      if (set?.size === 0) this.byMutation.delete(mutation);
    }
  }

  /** A snapshot: subscriptions added after an event was published do not receive it. */
  forMutation(fieldName: string): Subscription[] {
    return [...(this.byMutation.get(fieldName) ?? [])];
  }

  get size(): number {
    return this.count;
  }
}
