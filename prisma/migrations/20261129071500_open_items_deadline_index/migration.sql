-- Open items by deadline (ADR 006, docs/ledger-query-plans.md): the overdue and due-soon lists
-- and their counts read only the open part of the ledger, which stays small while closed items
-- accumulate. A partial index is outside what Prisma describes; db:drift ignores it.
CREATE INDEX "LedgerItem_open_deadline_idx" ON "LedgerItem" ("deadline") WHERE "status" <> 'CLOSED';
