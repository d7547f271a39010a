-- CreateEnum
CREATE TYPE "UnitType" AS ENUM ('STREET', 'PARK', 'DEPARTMENT', 'COORDINATION_GROUP');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'UNIT_OFFICER', 'UNIT_HEAD', 'DISTRICT_LEADER', 'AUDITOR', 'ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN');

-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "ItemKind" AS ENUM ('TASK', 'PETITION');

-- CreateEnum
CREATE TYPE "InspectionRound" AS ENUM ('FIRST_ROUND', 'LOOK_BACK', 'SECOND_ROUND');

-- CreateEnum
CREATE TYPE "ProblemCategory" AS ENUM ('AIR', 'WATER', 'SOIL', 'SOLID_WASTE', 'NOISE', 'ECOLOGY', 'INSTITUTIONAL', 'OTHER');

-- CreateEnum
CREATE TYPE "PollutionType" AS ENUM ('WATER', 'AIR', 'NOISE', 'CATERING_FUMES', 'GARBAGE', 'DUST', 'ECOLOGY', 'SOIL', 'HEAVY_METAL', 'OTHER');

-- CreateEnum
CREATE TYPE "TimeLimitType" AS ENUM ('IMMEDIATE', 'SHORT_TERM', 'MEDIUM_TERM', 'LONG_TERM');

-- CreateEnum
CREATE TYPE "ScheduleState" AS ENUM ('NOT_STARTED', 'BEHIND', 'ON_SCHEDULE', 'AHEAD');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('TRUE', 'MOSTLY_TRUE', 'PARTLY_TRUE', 'FALSE');

-- CreateEnum
CREATE TYPE "HandlingState" AS ENUM ('CONCLUDED', 'PHASE_CONCLUDED', 'NOT_CONCLUDED');

-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('REGISTERED', 'IN_PROGRESS', 'CLOSURE_REQUESTED', 'AWAITING_VERIFICATION', 'PUBLIC_NOTICE', 'AWAITING_SIGN_OFF', 'CLOSED', 'PHASE_COMPLETE');

-- CreateEnum
CREATE TYPE "ClosureRequestStatus" AS ENUM ('AWAITING_SIGNATURE', 'SIGNED', 'VERIFICATION_FAILED', 'VERIFIED', 'IN_NOTICE', 'AWAITING_SIGN_OFF', 'APPROVED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "VerificationResult" AS ENUM ('PASSED', 'FAILED');

-- CreateEnum
CREATE TYPE "NoticePeriodStatus" AS ENUM ('OPEN', 'ENDED', 'INTERRUPTED');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('OPEN', 'UPHELD', 'DISMISSED');

-- CreateEnum
CREATE TYPE "SignOffDecision" AS ENUM ('APPROVED', 'RETURNED');

-- CreateEnum
CREATE TYPE "ExtensionStatus" AS ENUM ('REQUESTED', 'APPROVED', 'REFUSED');

-- CreateEnum
CREATE TYPE "SupervisionLevel" AS ENUM ('YELLOW', 'RED');

-- CreateEnum
CREATE TYPE "SupervisionStatus" AS ENUM ('ISSUED', 'RESPONDED', 'OVERDUE', 'ESCALATED', 'CLOSED');

-- CreateEnum
CREATE TYPE "LookBackResult" AS ENUM ('KEPT', 'REBOUND');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'FAILURE');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "Unit" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "UnitType" NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "webhookUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" UUID,
    "phone" TEXT,
    "status" "UserStatus" NOT NULL DEFAULT 'ACTIVE',
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "passwordChangedAt" TIMESTAMPTZ(3),
    "totpSecret" TEXT,
    "totpEnabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" UUID,
    "grantedById" UUID,
    "validFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validUntil" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerItem" (
    "id" UUID NOT NULL,
    "kind" "ItemKind" NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "leadUnitId" UUID NOT NULL,
    "leadLeaderName" TEXT,
    "responsiblePersonName" TEXT,
    "responsiblePersonPhone" TEXT,
    "deadline" DATE NOT NULL,
    "originalDeadline" DATE NOT NULL,
    "warningDate" DATE,
    "timeLimitType" "TimeLimitType" NOT NULL,
    "status" "ItemStatus" NOT NULL DEFAULT 'REGISTERED',
    "scheduleState" "ScheduleState",
    "closedOn" DATE,
    "reboundCount" INTEGER NOT NULL DEFAULT 0,
    "lastReboundAt" TIMESTAMPTZ(3),
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LedgerItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemCooperatingUnit" (
    "itemId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemCooperatingUnit_pkey" PRIMARY KEY ("itemId","unitId")
);

-- CreateTable
CREATE TABLE "TaskDetail" (
    "itemId" UUID NOT NULL,
    "inspectionRound" "InspectionRound" NOT NULL,
    "feedbackText" TEXT NOT NULL,
    "category" "ProblemCategory" NOT NULL,
    "target" TEXT NOT NULL,
    "measures" TEXT[],
    "closureStandard" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TaskDetail_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "PetitionDetail" (
    "itemId" UUID NOT NULL,
    "batch" INTEGER NOT NULL,
    "handedOverOn" DATE NOT NULL,
    "isKeyCase" BOOLEAN NOT NULL DEFAULT false,
    "duplicateOfNumber" TEXT,
    "complaintSummary" TEXT NOT NULL,
    "areaUnitId" UUID NOT NULL,
    "pollutionTypes" "PollutionType"[],
    "investigationFindings" TEXT,
    "verdict" "Verdict",
    "handling" TEXT,
    "orderedToRectify" INTEGER NOT NULL DEFAULT 0,
    "penaltyCases" INTEGER NOT NULL DEFAULT 0,
    "finesTenThousandYuan" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "criminalInvestigations" INTEGER NOT NULL DEFAULT 0,
    "administrativeDetentions" INTEGER NOT NULL DEFAULT 0,
    "criminalDetentions" INTEGER NOT NULL DEFAULT 0,
    "interviews" INTEGER NOT NULL DEFAULT 0,
    "accountablePersons" INTEGER NOT NULL DEFAULT 0,
    "handlingState" "HandlingState" NOT NULL DEFAULT 'NOT_CONCLUDED',
    "signerName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PetitionDetail_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "ProgressEntry" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "reportedOn" DATE NOT NULL,
    "content" TEXT NOT NULL,
    "scheduleState" "ScheduleState",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProgressEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceFile" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "mediaType" TEXT NOT NULL,
    "provesDate" DATE NOT NULL,
    "description" TEXT,
    "storageKey" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "progressEntryId" UUID,
    "closureRequestId" UUID,
    "supervisionNoticeId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidenceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClosureRequest" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "status" "ClosureRequestStatus" NOT NULL DEFAULT 'AWAITING_SIGNATURE',
    "rectificationReport" TEXT NOT NULL,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signerId" UUID,
    "signedAt" TIMESTAMPTZ(3),
    "signedStatement" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClosureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" UUID NOT NULL,
    "closureRequestId" UUID NOT NULL,
    "verifierId" UUID NOT NULL,
    "result" "VerificationResult" NOT NULL,
    "conclusion" TEXT NOT NULL,
    "onSite" BOOLEAN NOT NULL DEFAULT false,
    "verifiedOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicNoticePeriod" (
    "id" UUID NOT NULL,
    "closureRequestId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "url" TEXT,
    "status" "NoticePeriodStatus" NOT NULL DEFAULT 'OPEN',
    "startedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PublicNoticePeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "noticePeriodId" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "contact" TEXT,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedById" UUID,
    "resolvedAt" TIMESTAMPTZ(3),
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignOff" (
    "id" UUID NOT NULL,
    "closureRequestId" UUID NOT NULL,
    "leaderId" UUID NOT NULL,
    "decision" "SignOffDecision" NOT NULL,
    "statement" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "originalDeadline" DATE NOT NULL,
    "requestedDeadline" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ExtensionStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisionNotice" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "level" "SupervisionLevel" NOT NULL,
    "reason" TEXT NOT NULL,
    "responseDueOn" DATE NOT NULL,
    "status" "SupervisionStatus" NOT NULL DEFAULT 'ISSUED',
    "issuedById" UUID NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "responseText" TEXT,
    "respondedById" UUID,
    "respondedAt" TIMESTAMPTZ(3),
    "escalatedFromId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SupervisionNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LookBack" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "inspectedOn" DATE NOT NULL,
    "result" "LookBackResult" NOT NULL,
    "findings" TEXT NOT NULL,
    "inspectorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LookBack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "payload" JSONB,
    "digestOn" DATE,
    "readAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextTryAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bulletin" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "dataAsOf" TIMESTAMPTZ(3) NOT NULL,
    "pdfStorageKey" TEXT,
    "xlsxStorageKey" TEXT,
    "generatedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "input" JSONB,
    "result" JSONB,
    "error" TEXT,
    "createdById" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "day" DATE NOT NULL,
    "isWorkingDay" BOOLEAN NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "User_unitId_idx" ON "User"("unitId");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "RoleGrant_userId_idx" ON "RoleGrant"("userId");

-- CreateIndex
CREATE INDEX "RoleGrant_unitId_idx" ON "RoleGrant"("unitId");

-- CreateIndex
CREATE INDEX "RoleGrant_grantedById_idx" ON "RoleGrant"("grantedById");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerItem_number_key" ON "LedgerItem"("number");

-- CreateIndex
CREATE INDEX "LedgerItem_status_idx" ON "LedgerItem"("status");

-- CreateIndex
CREATE INDEX "LedgerItem_leadUnitId_idx" ON "LedgerItem"("leadUnitId");

-- CreateIndex
CREATE INDEX "LedgerItem_deadline_idx" ON "LedgerItem"("deadline");

-- CreateIndex
CREATE INDEX "LedgerItem_kind_status_deadline_idx" ON "LedgerItem"("kind", "status", "deadline");

-- CreateIndex
CREATE INDEX "LedgerItem_createdById_idx" ON "LedgerItem"("createdById");

-- CreateIndex
CREATE INDEX "LedgerItem_updatedAt_idx" ON "LedgerItem"("updatedAt");

-- CreateIndex
CREATE INDEX "ItemCooperatingUnit_unitId_idx" ON "ItemCooperatingUnit"("unitId");

-- CreateIndex
CREATE INDEX "TaskDetail_category_idx" ON "TaskDetail"("category");

-- CreateIndex
CREATE INDEX "PetitionDetail_areaUnitId_idx" ON "PetitionDetail"("areaUnitId");

-- CreateIndex
CREATE INDEX "PetitionDetail_handlingState_idx" ON "PetitionDetail"("handlingState");

-- CreateIndex
CREATE INDEX "PetitionDetail_batch_idx" ON "PetitionDetail"("batch");

-- CreateIndex
CREATE INDEX "ProgressEntry_itemId_reportedOn_idx" ON "ProgressEntry"("itemId", "reportedOn");

-- CreateIndex
CREATE INDEX "ProgressEntry_unitId_idx" ON "ProgressEntry"("unitId");

-- CreateIndex
CREATE INDEX "ProgressEntry_authorId_idx" ON "ProgressEntry"("authorId");

-- CreateIndex
CREATE INDEX "EvidenceFile_itemId_idx" ON "EvidenceFile"("itemId");

-- CreateIndex
CREATE INDEX "EvidenceFile_sha256_idx" ON "EvidenceFile"("sha256");

-- CreateIndex
CREATE INDEX "EvidenceFile_uploadedById_idx" ON "EvidenceFile"("uploadedById");

-- CreateIndex
CREATE INDEX "EvidenceFile_progressEntryId_idx" ON "EvidenceFile"("progressEntryId");

-- CreateIndex
CREATE INDEX "EvidenceFile_closureRequestId_idx" ON "EvidenceFile"("closureRequestId");

-- CreateIndex
CREATE INDEX "EvidenceFile_supervisionNoticeId_idx" ON "EvidenceFile"("supervisionNoticeId");

-- CreateIndex
CREATE INDEX "ClosureRequest_itemId_idx" ON "ClosureRequest"("itemId");

-- CreateIndex
CREATE INDEX "ClosureRequest_status_idx" ON "ClosureRequest"("status");

-- CreateIndex
CREATE INDEX "ClosureRequest_requestedById_idx" ON "ClosureRequest"("requestedById");

-- CreateIndex
CREATE INDEX "ClosureRequest_signerId_idx" ON "ClosureRequest"("signerId");

-- CreateIndex
CREATE INDEX "Verification_closureRequestId_idx" ON "Verification"("closureRequestId");

-- CreateIndex
CREATE INDEX "Verification_verifierId_idx" ON "Verification"("verifierId");

-- CreateIndex
CREATE INDEX "PublicNoticePeriod_closureRequestId_idx" ON "PublicNoticePeriod"("closureRequestId");

-- CreateIndex
CREATE INDEX "PublicNoticePeriod_status_endsOn_idx" ON "PublicNoticePeriod"("status", "endsOn");

-- CreateIndex
CREATE INDEX "PublicNoticePeriod_startedById_idx" ON "PublicNoticePeriod"("startedById");

-- CreateIndex
CREATE INDEX "Objection_noticePeriodId_status_idx" ON "Objection"("noticePeriodId", "status");

-- CreateIndex
CREATE INDEX "Objection_resolvedById_idx" ON "Objection"("resolvedById");

-- CreateIndex
CREATE INDEX "SignOff_closureRequestId_idx" ON "SignOff"("closureRequestId");

-- CreateIndex
CREATE INDEX "SignOff_leaderId_idx" ON "SignOff"("leaderId");

-- CreateIndex
CREATE INDEX "Extension_itemId_idx" ON "Extension"("itemId");

-- CreateIndex
CREATE INDEX "Extension_status_idx" ON "Extension"("status");

-- CreateIndex
CREATE INDEX "Extension_requestedById_idx" ON "Extension"("requestedById");

-- CreateIndex
CREATE INDEX "Extension_decidedById_idx" ON "Extension"("decidedById");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisionNotice_escalatedFromId_key" ON "SupervisionNotice"("escalatedFromId");

-- CreateIndex
CREATE INDEX "SupervisionNotice_itemId_idx" ON "SupervisionNotice"("itemId");

-- CreateIndex
CREATE INDEX "SupervisionNotice_unitId_status_idx" ON "SupervisionNotice"("unitId", "status");

-- CreateIndex
CREATE INDEX "SupervisionNotice_status_responseDueOn_idx" ON "SupervisionNotice"("status", "responseDueOn");

-- CreateIndex
CREATE INDEX "SupervisionNotice_issuedById_idx" ON "SupervisionNotice"("issuedById");

-- CreateIndex
CREATE INDEX "SupervisionNotice_respondedById_idx" ON "SupervisionNotice"("respondedById");

-- CreateIndex
CREATE INDEX "LookBack_itemId_idx" ON "LookBack"("itemId");

-- CreateIndex
CREATE INDEX "LookBack_inspectorId_idx" ON "LookBack"("inspectorId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_hash_key" ON "AuditLog"("hash");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_occurredAt_idx" ON "AuditLog"("actorId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditLog_occurredAt_idx" ON "AuditLog"("occurredAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_kind_digestOn_key" ON "Notification"("userId", "kind", "digestOn");

-- CreateIndex
CREATE INDEX "WebhookDelivery_unitId_idx" ON "WebhookDelivery"("unitId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextTryAt_idx" ON "WebhookDelivery"("status", "nextTryAt");

-- CreateIndex
CREATE INDEX "Bulletin_generatedById_idx" ON "Bulletin"("generatedById");

-- CreateIndex
CREATE INDEX "Bulletin_periodEnd_idx" ON "Bulletin"("periodEnd");

-- CreateIndex
CREATE INDEX "Job_createdById_idx" ON "Job"("createdById");

-- CreateIndex
CREATE INDEX "Job_status_kind_idx" ON "Job"("status", "kind");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerItem" ADD CONSTRAINT "LedgerItem_leadUnitId_fkey" FOREIGN KEY ("leadUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerItem" ADD CONSTRAINT "LedgerItem_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemCooperatingUnit" ADD CONSTRAINT "ItemCooperatingUnit_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemCooperatingUnit" ADD CONSTRAINT "ItemCooperatingUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskDetail" ADD CONSTRAINT "TaskDetail_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionDetail" ADD CONSTRAINT "PetitionDetail_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionDetail" ADD CONSTRAINT "PetitionDetail_areaUnitId_fkey" FOREIGN KEY ("areaUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressEntry" ADD CONSTRAINT "ProgressEntry_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressEntry" ADD CONSTRAINT "ProgressEntry_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressEntry" ADD CONSTRAINT "ProgressEntry_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_progressEntryId_fkey" FOREIGN KEY ("progressEntryId") REFERENCES "ProgressEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_closureRequestId_fkey" FOREIGN KEY ("closureRequestId") REFERENCES "ClosureRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_supervisionNoticeId_fkey" FOREIGN KEY ("supervisionNoticeId") REFERENCES "SupervisionNotice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureRequest" ADD CONSTRAINT "ClosureRequest_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureRequest" ADD CONSTRAINT "ClosureRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureRequest" ADD CONSTRAINT "ClosureRequest_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verification" ADD CONSTRAINT "Verification_closureRequestId_fkey" FOREIGN KEY ("closureRequestId") REFERENCES "ClosureRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verification" ADD CONSTRAINT "Verification_verifierId_fkey" FOREIGN KEY ("verifierId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicNoticePeriod" ADD CONSTRAINT "PublicNoticePeriod_closureRequestId_fkey" FOREIGN KEY ("closureRequestId") REFERENCES "ClosureRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicNoticePeriod" ADD CONSTRAINT "PublicNoticePeriod_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_noticePeriodId_fkey" FOREIGN KEY ("noticePeriodId") REFERENCES "PublicNoticePeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_closureRequestId_fkey" FOREIGN KEY ("closureRequestId") REFERENCES "ClosureRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionNotice" ADD CONSTRAINT "SupervisionNotice_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionNotice" ADD CONSTRAINT "SupervisionNotice_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionNotice" ADD CONSTRAINT "SupervisionNotice_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionNotice" ADD CONSTRAINT "SupervisionNotice_respondedById_fkey" FOREIGN KEY ("respondedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisionNotice" ADD CONSTRAINT "SupervisionNotice_escalatedFromId_fkey" FOREIGN KEY ("escalatedFromId") REFERENCES "SupervisionNotice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LookBack" ADD CONSTRAINT "LookBack_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LookBack" ADD CONSTRAINT "LookBack_inspectorId_fkey" FOREIGN KEY ("inspectorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bulletin" ADD CONSTRAINT "Bulletin_generatedById_fkey" FOREIGN KEY ("generatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
