-- The dashboard (docs/dashboard.md, bench/dashboard-summary). Its aggregates read every item of
-- the scope: LedgerItem_dashboard_idx holds just the columns they need (about a twentieth of the
-- wide rows with their search texts), so they are index-only scans; leading with the id, it
-- also gives the joins to TaskDetail / PetitionDetail in item order (merge joins over the two
-- detail indexes below). The drill-down lists: 原整改时限 (the burn-up's plan line) and 曾反弹 —
-- the latter partial (outside what Prisma describes; db:drift ignores it, as
-- LedgerItem_open_deadline_idx), since rebounded items stay a small share of the ledger.

-- CreateIndex
CREATE INDEX "LedgerItem_originalDeadline_idx" ON "LedgerItem"("originalDeadline");

-- CreateIndex
CREATE INDEX "LedgerItem_dashboard_idx" ON "LedgerItem"("id", "kind", "status", "timeLimitType", "latestProgressPercent", "deadline", "createdAt", "leadUnitId", "reboundCount", "closedOn", "originalDeadline");

-- CreateIndex
CREATE INDEX "PetitionDetail_itemId_pollutionTypes_idx" ON "PetitionDetail"("itemId", "pollutionTypes");

-- CreateIndex
CREATE INDEX "TaskDetail_itemId_category_idx" ON "TaskDetail"("itemId", "category");

CREATE INDEX "LedgerItem_rebound_deadline_idx" ON "LedgerItem" ("deadline") WHERE "reboundCount" > 0;
