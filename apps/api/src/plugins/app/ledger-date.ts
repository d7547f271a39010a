/**
 * "Today" for every rule that depends on it (overdue, due soon, 序时进度): the calendar date in
 * Asia/Shanghai. Tests pass a fixed day as an app option instead of mocking the clock.
 */
import { ledgerDate } from '@ledger/domain/calendar';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** today's ledger date, a UTC-midnight Date (see packages/domain/src/calendar.ts) */
    ledgerToday(): Date;
  }
}

export default fp<{ today?: () => Date }>(
  async (app, { today }) => {
    app.decorate('ledgerToday', () => ledgerDate(today?.()));
  },
  { name: 'ledger-date' },
);
