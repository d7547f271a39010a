-- The trigram index below needs pg_trgm (loaded by the embedded PGlite too, see ADR 001).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "LedgerItem" ADD COLUMN     "lastProgressOn" DATE,
ADD COLUMN     "latestProgressPercent" INTEGER,
ADD COLUMN     "searchGrams" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "unitIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateIndex
CREATE INDEX "LedgerItem_searchText_idx" ON "LedgerItem" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "LedgerItem_searchGrams_idx" ON "LedgerItem" USING GIN ("searchGrams");

-- CreateIndex
CREATE INDEX "LedgerItem_unitIds_idx" ON "LedgerItem" USING GIN ("unitIds");

-- CreateIndex
CREATE INDEX "PetitionDetail_pollutionTypes_idx" ON "PetitionDetail" USING GIN ("pollutionTypes");
