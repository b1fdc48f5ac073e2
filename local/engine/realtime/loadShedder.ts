/**
 * The fan-out's global bounds, enforced by shedding subscribers, slowest first: most bytes written
 * to it and not yet read (`unsentBytes`, what the server holds for it), then the oldest read
 * backlog (how long its oldest unanswered ping has waited: a peer that stopped reading answers
 * none), then most deliveries the fan-out still owes it. A shed connection is told in the protocol
 * (connection.ts `shed`) and what it held is released once it closes; each shedding decision prints
 * one warning line.
 */
import type { Overload } from './delivery.js';
import type { Subscriber } from './registry.js';

/** What the shedder reads of a connection, and how it ends one. */
export interface Sheddable extends Subscriber {
  /** Bytes written to the socket that the peer has not read yet. */
  readonly unsentBytes: number;
  /** Since when (ms) the peer has read nothing (its oldest unanswered ping); undefined while it keeps up. */
  readonly backlogSince: number | undefined;
  /** Being shed already: its bytes are on their way out, and it is not ranked again. */
  readonly shedding: boolean;
  /** Deliveries the fan-out still owes its subscriptions. */
  owedDeliveries(): number;
}

export interface ShedderLimits {
  /** Bytes unsent across every connection (per connection: RealtimeOptions.maxBufferedBytes). */
  maxQueuedBytes: number;
}

export interface ShedderStats {
  /** Connections shed since the start. */
  shed: number;
}

export class LoadShedder implements Overload, ShedderStats {
  shed = 0;

  constructor(
    private readonly connections: ReadonlySet<Sheddable>,
    private readonly limits: ShedderLimits,
  ) {}

  /** Unsent bytes across the connections that are not being shed. */
  queuedBytes(): number {
    let total = 0;
    for (const connection of this.connections) if (!connection.shedding) total += connection.unsentBytes;
    return total;
  }

  shedSlowest(target: number, waiting: () => number): void {
    const before = waiting();
    const ranked = this.ranked();
    const slowest = ranked[0]?.unsentBytes;
    let count = 0;
    for (const connection of ranked) {
      if (waiting() <= target) break;
      this.end(connection);
      count += 1;
    }
    this.warn(`${before} deliveries waiting passed their bound`, count, slowest);
  }

  shedOwed(subscribers: ReadonlySet<Subscriber>): void {
    // Only subscribers with a live subscription are owed anything: none is being shed yet.
    for (const subscriber of subscribers) this.end(subscriber);
    this.warn('the event queue was full: its oldest event was dropped', subscribers.size, undefined);
  }

  afterSends(): void {
    let total = this.queuedBytes();
    if (total <= this.limits.maxQueuedBytes) return;
    const before = total;
    // Down to three quarters, so a bound reached by readers that keep up does not shed at every turn.
    const target = Math.floor((this.limits.maxQueuedBytes * 3) / 4);
    const ranked = this.ranked();
    const slowest = ranked[0]?.unsentBytes;
    let count = 0;
    for (const connection of ranked) {
      if (total <= target) break;
      total -= connection.unsentBytes;
      this.end(connection);
      count += 1;
    }
    this.warn(`${before} bytes unsent passed the bound of ${this.limits.maxQueuedBytes}`, count, slowest);
  }

  /** Slowest first: most unsent bytes, then the oldest read backlog, then most deliveries owed. */
  private ranked(): Sheddable[] {
    const keyed = [...this.connections]
      .filter((c) => !c.shedding)
      .map((connection) => ({
        connection,
        bytes: connection.unsentBytes,
        owed: connection.owedDeliveries(),
        since: connection.backlogSince ?? Infinity,
      }));
    keyed.sort((a, b) => b.bytes - a.bytes || a.since - b.since || b.owed - a.owed);
    return keyed.map((k) => k.connection);
  }

  private end(connection: Pick<Sheddable, 'shed'>): void {
    connection.shed();
    this.shed += 1;
  }

  private warn(why: string, count: number, slowestBytes: number | undefined): void {
    if (count === 0) return;
    const first = slowestBytes === undefined ? '' : ` (the slowest had ${slowestBytes} bytes unsent)`;
    console.warn(`real-time: ${why}; shed ${count} connection${count === 1 ? '' : 's'}, slowest first${first}`);
  }
}
