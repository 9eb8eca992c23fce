import { injectable } from 'inversify';
import { OneTimeTickets } from '../core/one-time-tickets.js';

export const LaunchLinks = Symbol('LaunchLinks');

/**
 * Addresses that sign a browser in to the workbench without its token in the address: `serve` starts the user's
 * browser with one, and a command line is readable by every user of the machine (/proc/<pid>/cmdline). A link works
 * once, for 60 s: what is left on the browser's command line afterwards opens nothing.
 */
export interface LaunchLinks {
  /** The path (`/launch/<ticket>`) that signs in with `token` once. */
  issue(token: string): string;
  /** The token behind a ticket, once; undefined when it is unknown, used or expired. */
  redeem(ticket: string): string | undefined;
}

@injectable()
export class LaunchLinksImpl implements LaunchLinks {
  private readonly tickets = new OneTimeTickets<string>();

  issue(token: string): string {
    return `/launch/${this.tickets.issue(token)}`;
  }

  redeem(ticket: string): string | undefined {
    return this.tickets.redeem(ticket);
  }
}
