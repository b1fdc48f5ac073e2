/**
 * Who listens to what: every live subscription, in one channel per mutation field that triggers it
 * (`@aws_subscribe(mutations: [...])`), so an event only visits its own subscribers. A channel also
 * numbers the events published on it, which is how the fan-out knows exactly what it still owes
 * each subscription without keeping a list of subscribers per event: a membership is owed every
 * event of its channel published after it joined and not yet visited for it.
 */
import type { DocumentNode } from 'graphql';
import type { EnhancedFilter } from './filter.js';
import type { ServerMessage } from './messages.js';

/** The connection end of a subscription: where its messages go. */
export interface Subscriber {
  send(message: ServerMessage): void;
  /** A `data` message already serialized (the fan-out serializes a payload once for many subscribers). */
  sendText(text: string): void;
  /** Drops it for being too slow (connection.ts): its subscriptions stop and it is told so. */
  shed(): void;
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
  /** Its place in each of its mutations' channels (set by the registry). */
  memberships?: Membership[];
}

/** The events of one mutation field and the subscriptions they go to. */
export interface Channel {
  readonly members: Set<Membership>;
  /** Events published on this channel so far: the last one's number. */
  published: number;
  /** Every event up to this number has been visited for every member. */
  completed: number;
}

/** A subscription in one channel. */
export interface Membership {
  readonly subscription: Subscription;
  readonly channel: Channel;
  /** The channel's `published` when it joined: events up to this one are not for it. */
  readonly since: number;
  /** The last event the fan-out visited it for. */
  seen: number;
}

/** Events of its channel that the fan-out still owes a membership. */
export function owed(membership: Membership): number {
  const { channel, since, seen } = membership;
  return channel.published - Math.max(since, seen, channel.completed);
}

export class SubscriptionRegistry {
  /** One per mutation field ever subscribed to: a bounded set (the schema's mutations), kept for their numbering. */
  private readonly channels = new Map<string, Channel>();
  private count = 0;

  /**
   * @param onRemove told what a removed subscription was still owed, so the fan-out's count of
   *   deliveries waiting stays exact
   */
  constructor(private readonly onRemove: (owedDeliveries: number) => void = () => {}) {}

  add(subscription: Subscription): void {
    this.count += 1;
    subscription.memberships = subscription.mutations.map((mutation) => {
      const channel = this.channel(mutation);
      const membership: Membership = { subscription, channel, since: channel.published, seen: channel.published };
      channel.members.add(membership);
      return membership;
    });
  }

  remove(subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    this.count -= 1;
    let owedDeliveries = 0;
    for (const membership of subscription.memberships ?? []) {
      owedDeliveries += owed(membership);
      membership.channel.members.delete(membership);
    }
    subscription.memberships = [];
    if (owedDeliveries > 0) this.onRemove(owedDeliveries);
  }

  /** The channel of a mutation field (created on first use). */
  channel(fieldName: string): Channel {
    let channel = this.channels.get(fieldName);
    if (!channel) this.channels.set(fieldName, (channel = { members: new Set(), published: 0, completed: 0 }));
    return channel;
  }

  /** The channel of a mutation field when someone listens to it. */
  listening(fieldName: string): Channel | undefined {
    const channel = this.channels.get(fieldName);
    return channel && channel.members.size > 0 ? channel : undefined;
  }

  get size(): number {
    return this.count;
  }
}
