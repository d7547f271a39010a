-- What bench/ledger-plans/generate.sql leaves out and the dashboard counts: rebounds (曾反弹)
-- and extensions (deadline moved, 原整改时限 kept); and no item closed after today. Run after
-- generate.sql on the same database. Deterministic (setseed).
\timing on
SELECT setseed(0.0808);
ALTER TABLE "LedgerItem" DISABLE TRIGGER USER;

-- A closure is never dated in the future.
UPDATE "LedgerItem" SET "closedOn" = current_date - 1
WHERE "number" LIKE 'B-%' AND "closedOn" > current_date - 1;

-- 1 % of the closed items rebounded once or twice (a look-back reopened them and they were closed again).
UPDATE "LedgerItem" SET "reboundCount" = 1 + floor(random() * 2)::int, "lastReboundAt" = "closedOn" - 30
WHERE "number" LIKE 'B-%' AND "status" = 'CLOSED' AND random() < 0.01;

-- 5 % of the open items were granted an extension of one to three months.
UPDATE "LedgerItem" SET "deadline" = "deadline" + 30 + floor(random() * 60)::int
WHERE "number" LIKE 'B-%' AND "status" <> 'CLOSED' AND random() < 0.05;

ALTER TABLE "LedgerItem" ENABLE TRIGGER USER;
VACUUM (ANALYZE) "LedgerItem";
