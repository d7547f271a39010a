-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('PREVIEWED', 'INVALID', 'COMMITTING', 'COMMITTED', 'FAILED');

-- DropIndex
DROP INDEX "Job_createdById_idx";

-- CreateTable
CREATE TABLE "LedgerImport" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL,
    "plan" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "fileProblems" JSONB NOT NULL DEFAULT '[]',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" UUID NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3),
    "committedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LedgerImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LedgerImport_createdById_idx" ON "LedgerImport"("createdById");

-- CreateIndex
CREATE INDEX "LedgerImport_createdAt_idx" ON "LedgerImport"("createdAt");

-- CreateIndex
CREATE INDEX "Job_createdById_createdAt_idx" ON "Job"("createdById", "createdAt");

-- AddForeignKey
ALTER TABLE "LedgerImport" ADD CONSTRAINT "LedgerImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
