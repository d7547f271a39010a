-- CreateEnum
CREATE TYPE "SessionStep" AS ENUM ('VERIFY_TOTP', 'ENROL_TOTP');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "pendingStep" "SessionStep",
ADD COLUMN     "totpEnrolSecret" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "demoAccount" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totpLastStep" INTEGER;
