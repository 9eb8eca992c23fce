import { randomBytes } from 'node:crypto';

interface Ticket<T> {
  readonly expires: number;
  readonly value: T;
}

/**
 * One-time, short-lived links whose ticket is the credential, for what cannot carry the bearer token: a large
 * download the browser saves by following a plain link, a browser started with the workbench's address.
 */
export class OneTimeTickets<T = unknown> {
  private readonly tickets = new Map<string, Ticket<T>>();

  constructor(private readonly lifetimeMs = 60_000) {}

  issue(value: T): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.tickets.set(id, { expires: Date.now() + this.lifetimeMs, value });
    return id;
  }

  /** The ticket's value, once; undefined when it is unknown, used or expired. */
  redeem(id: string): T | undefined {
    const ticket = this.tickets.get(id);
    this.tickets.delete(id);
    return ticket && ticket.expires > Date.now() ? ticket.value : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, ticket] of this.tickets) if (ticket.expires <= now) this.tickets.delete(id);
  }
}
