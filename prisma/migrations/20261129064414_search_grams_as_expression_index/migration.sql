-- The characters and character pairs of "searchText" (queries of 1–2 characters, ADR 006) move
-- from a stored column to an expression index over the same function: stored, they took about
-- 1.3 kB a row, more than the rest of the row, for nothing the application reads.
-- Also: a partial index of open items by deadline (overdue and due-soon lists and counts).
-- Prisma cannot express the trigger, the expression index or the partial index; db:drift
-- ignores them.

-- The trigger no longer fills the column (and must stop naming it before it can be dropped).
DROP TRIGGER ledger_item_derive ON "LedgerItem";

CREATE OR REPLACE FUNCTION ledger_item_derive() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW."searchText" := ledger_search_text(NEW."id", NEW."number", NEW."title");
  NEW."unitIds" := ARRAY(
    SELECT NEW."leadUnitId"
    UNION
    SELECT c."unitId" FROM "ItemCooperatingUnit" c WHERE c."itemId" = NEW."id"
    ORDER BY 1
  );
  RETURN NEW;
END
$$;

-- Listing the derived columns too means a direct write to them is recomputed, never kept.
CREATE TRIGGER ledger_item_derive
BEFORE INSERT OR UPDATE OF "number", "title", "leadUnitId", "searchText", "unitIds"
ON "LedgerItem"
FOR EACH ROW EXECUTE FUNCTION ledger_item_derive();

-- DropIndex
DROP INDEX "LedgerItem_searchGrams_idx";

-- AlterTable
ALTER TABLE "LedgerItem" DROP COLUMN "searchGrams";

CREATE INDEX "LedgerItem_searchText_grams_idx" ON "LedgerItem" USING GIN (ledger_search_grams("searchText"));

-- Open items by deadline: the open part of the ledger stays small while closed items accumulate.
CREATE INDEX "LedgerItem_open_deadline_idx" ON "LedgerItem" ("deadline") WHERE "status" <> 'CLOSED';
