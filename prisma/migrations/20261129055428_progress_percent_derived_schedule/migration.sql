-- AlterTable
ALTER TABLE "LedgerItem" DROP COLUMN "scheduleState";

-- AlterTable
ALTER TABLE "ProgressEntry" DROP COLUMN "scheduleState",
ADD COLUMN     "percent" INTEGER;
