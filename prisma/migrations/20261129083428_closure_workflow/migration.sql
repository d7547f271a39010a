-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ClosureRequestStatus" ADD VALUE 'RETURNED';
ALTER TYPE "ClosureRequestStatus" ADD VALUE 'REOPENED';

-- AlterEnum
ALTER TYPE "ItemStatus" ADD VALUE 'VERIFIED' AFTER 'AWAITING_VERIFICATION';

-- AlterTable
ALTER TABLE "ClosureRequest" ADD COLUMN     "returnReason" TEXT;

-- AlterTable
ALTER TABLE "EvidenceFile" ADD COLUMN     "isPublic" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "WorkflowEvent" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "ItemStatus" NOT NULL,
    "toStatus" "ItemStatus" NOT NULL,
    "actorId" UUID,
    "note" TEXT,
    "details" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkflowEvent_itemId_createdAt_idx" ON "WorkflowEvent"("itemId", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowEvent_actorId_idx" ON "WorkflowEvent"("actorId");

-- AddForeignKey
ALTER TABLE "WorkflowEvent" ADD CONSTRAINT "WorkflowEvent_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowEvent" ADD CONSTRAINT "WorkflowEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
