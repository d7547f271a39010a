/**
 * An item's registered fields (挂账: what the registration form, an edit and an import set), one
 * select for every place that reads them as such: the item's detail (items.ts), the values an
 * edit is compared with (items-changes.ts), the stored item an import row is laid over
 * (imports/plan.ts) and the published figures (public.ts). A field added to the registration is
 * added here once.
 */
import type { Prisma } from '@ledger/db/client';
import type { accountabilityCounts } from '@ledger/domain/vocabulary';

/** The fields both kinds register, besides kind, number and cooperating units. */
export const registrationSelect = {
  title: true,
  leadUnitId: true,
  leadLeaderName: true,
  responsiblePersonName: true,
  responsiblePersonPhone: true,
  deadline: true,
  warningDate: true,
  timeLimitType: true,
  isPublic: true,
} as const satisfies Prisma.LedgerItemSelect;

/** A task's registered fields. */
export const taskFieldsSelect = {
  inspectionRound: true,
  feedbackText: true,
  category: true,
  target: true,
  measures: true,
  closureStandard: true,
} as const satisfies Prisma.TaskDetailSelect;

/** 问责情况: the figures of vocabulary.accountabilityCounts, to read or to sum. */
export const accountabilitySelect = {
  orderedToRectify: true,
  penaltyCases: true,
  finesTenThousandYuan: true,
  criminalInvestigations: true,
  administrativeDetentions: true,
  criminalDetentions: true,
  interviews: true,
  accountablePersons: true,
} as const satisfies Record<(typeof accountabilityCounts)[number]['field'], true> &
  Prisma.PetitionDetailSelect &
  Prisma.PetitionDetailSumAggregateInputType;

/**
 * A petition case's registered fields but its area: a unit, which is read by id to be written
 * and by name to be shown, so each reader adds it the way it needs it.
 */
export const petitionFieldsSelect = {
  batch: true,
  handedOverOn: true,
  isKeyCase: true,
  duplicateOfNumber: true,
  complaintSummary: true,
  pollutionTypes: true,
  investigationFindings: true,
  verdict: true,
  handling: true,
  ...accountabilitySelect,
  signerName: true,
} as const satisfies Prisma.PetitionDetailSelect;
