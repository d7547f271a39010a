-- DropIndex
DROP INDEX "LedgerItem_status_idx";

-- CreateIndex
CREATE INDEX "LedgerItem_status_deadline_id_idx" ON "LedgerItem"("status", "deadline", "id");
