-- CreateEnum
CREATE TYPE "BulletinPeriod" AS ENUM ('WEEK', 'MONTH', 'CUSTOM');

-- AlterTable
ALTER TABLE "Bulletin" ADD COLUMN     "figures" JSONB NOT NULL,
ADD COLUMN     "pdfSha256" TEXT,
ADD COLUMN     "periodKind" "BulletinPeriod" NOT NULL,
ADD COLUMN     "xlsxSha256" TEXT;

-- AlterTable
ALTER TABLE "SupervisionNotice" ADD COLUMN     "batchId" UUID,
ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "overdueAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "digestOn" DATE,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'digest',
ADD COLUMN     "responseStatus" INTEGER;

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "name" TEXT NOT NULL,
    "runOn" DATE NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "ScheduledRun_pkey" PRIMARY KEY ("name","runOn")
);

-- CreateIndex
CREATE INDEX "LedgerItem_closedOn_idx" ON "LedgerItem"("closedOn");

-- CreateIndex
CREATE INDEX "SupervisionNotice_issuedAt_idx" ON "SupervisionNotice"("issuedAt");

-- CreateIndex
CREATE INDEX "SupervisionNotice_batchId_idx" ON "SupervisionNotice"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_unitId_kind_digestOn_key" ON "WebhookDelivery"("unitId", "kind", "digestOn");
