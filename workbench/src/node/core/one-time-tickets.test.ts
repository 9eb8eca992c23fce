import { expect } from 'chai';
import { OneTimeTickets } from './one-time-tickets.js';

describe('OneTimeTickets: links whose ticket is the credential', () => {
  it('answers a ticket\'s value once; an unknown ticket never', () => {
    const tickets = new OneTimeTickets<string>();
    const id = tickets.issue('value');
    expect(id).to.match(/^[\w-]{43}$/);
    expect(tickets.issue('value')).not.to.equal(id);
    expect(tickets.redeem(id)).to.equal('value');
    expect(tickets.redeem(id)).to.equal(undefined);
    expect(tickets.redeem('not-issued')).to.equal(undefined);
  });

  it('answers nothing for a ticket past its lifetime', () => {
    const tickets = new OneTimeTickets<string>(0);
    expect(tickets.redeem(tickets.issue('late'))).to.equal(undefined);
  });
});
