import { randomBytes } from 'node:crypto';

/** How long a download link works; it also works only once. */
const ticketLifetimeMs = 60_000;

interface Ticket<T> {
  readonly expires: number;
  readonly value: T;
}

/**
 * One-time, short-lived download links: the browser saves a large download by following a plain link (streamed to
 * disk), and a plain link cannot carry the bearer token. The ticket itself is the credential, for one download.
 */
export class DownloadTickets<T = unknown> {
  private readonly tickets = new Map<string, Ticket<T>>();

  issue(value: T): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.tickets.set(id, { expires: Date.now() + ticketLifetimeMs, value });
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
