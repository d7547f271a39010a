/**
 * Factories for the public disclosure API's answers (packages/domain/src/public.ts), so that a
 * test names only what it is about.
 */
import type { PublicNotice, PublicPetition, PublicSummary, PublicTask } from '@ledger/domain/public';
import { handlingState, itemStatus, problemCategory } from '@ledger/domain/vocabulary';

let sequence = 0;

export function buildPublicSummary(overrides: Partial<PublicSummary> = {}): PublicSummary {
  const taskStatus: Partial<Record<(typeof itemStatus.codes)[number], number>> = {
    PUBLIC_NOTICE: 2,
    AWAITING_SIGN_OFF: 1,
    CLOSED: 9,
  };
  const petitionStatus: Partial<Record<(typeof itemStatus.codes)[number], number>> = {
    IN_PROGRESS: 20,
    CLOSED: 38,
    PHASE_COMPLETE: 5,
  };
  const categories: Partial<Record<(typeof problemCategory.codes)[number], number>> = {
    AIR: 3,
    WATER: 7,
    SOLID_WASTE: 2,
  };
  const handling: Record<(typeof handlingState.codes)[number], number> = {
    CONCLUDED: 38,
    PHASE_CONCLUDED: 5,
    NOT_CONCLUDED: 20,
  };
  return {
    asOf: '2026-11-29',
    tasks: {
      total: 12,
      closed: 9,
      rebound: 1,
      byStatus: itemStatus.codes.map((status) => ({ status, count: taskStatus[status] ?? 0 })),
      byCategory: problemCategory.codes.map((category) => ({ category, count: categories[category] ?? 0 })),
    },
    petitions: {
      total: 63,
      closed: 38,
      rebound: 0,
      byStatus: itemStatus.codes.map((status) => ({ status, count: petitionStatus[status] ?? 0 })),
      byHandlingState: handlingState.codes.map((state) => ({ handlingState: state, count: handling[state] })),
      byArea: [
        { unitId: '20000000-0000-4000-8000-000000000001', name: '湖墅街道', count: 40 },
        { unitId: '20000000-0000-4000-8000-000000000002', name: '半山街道', count: 23 },
      ],
      accountability: {
        orderedToRectify: 120,
        penaltyCases: 31,
        finesTenThousandYuan: 245.5,
        criminalInvestigations: 2,
        administrativeDetentions: 1,
        criminalDetentions: 0,
        interviews: 17,
        accountablePersons: 4,
      },
    },
    ...overrides,
  };
}

export function buildPublicTask(overrides: Partial<PublicTask> = {}): PublicTask {
  sequence += 1;
  return {
    number: `GS-ZG-${String(sequence).padStart(3, '0')}`,
    title: '运河沿线截污纳管',
    feedbackText: '部分河道雨污混接问题突出。',
    category: 'WATER',
    target: '消除沿线雨污混接点。',
    measures: ['排查混接点位', '实施截污纳管工程'],
    leadUnit: '湖墅街道',
    cooperatingUnits: ['区林水局'],
    timeLimitType: 'SHORT_TERM',
    deadline: '2026-12-31',
    originalDeadline: '2026-12-31',
    status: 'CLOSED',
    closedOn: '2026-10-15',
    reboundCount: 0,
    isSample: false,
    evidence: [],
    ...overrides,
  };
}

export function buildPublicPetition(overrides: Partial<PublicPetition> = {}): PublicPetition {
  sequence += 1;
  return {
    number: `X33000020170811${String(sequence).padStart(4, '0')}`,
    batch: 3,
    complaintSummary: '某小区底商餐饮油烟扰民。',
    area: '湖墅街道',
    pollutionTypes: ['CATERING_FUMES'],
    investigationFindings: '经现场核查，反映问题属实。',
    verdict: 'TRUE',
    handling: '责令安装油烟净化设施，已整改到位。',
    accountability: {
      orderedToRectify: 3,
      penaltyCases: 1,
      finesTenThousandYuan: 1.5,
      criminalInvestigations: 0,
      administrativeDetentions: 0,
      criminalDetentions: 0,
      interviews: 0,
      accountablePersons: 0,
    },
    handlingState: 'CONCLUDED',
    isSample: true,
    ...overrides,
  };
}

export function buildPublicNotice(overrides: Partial<PublicNotice> = {}): PublicNotice {
  sequence += 1;
  return {
    id: `30000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    item: {
      kind: 'TASK',
      number: `GS-ZG-${String(sequence).padStart(3, '0')}`,
      title: '小河路沿街餐饮油烟整治',
      leadUnit: '小河街道',
      problem: '沿街餐饮油烟直排。',
      isSample: false,
    },
    startsOn: '2026-11-25',
    endsOn: '2026-12-01',
    workingDays: 5,
    url: null,
    rectification: '已完成 23 家餐饮单位油烟净化设施安装并验收。',
    acceptingObjections: true,
    evidence: [],
    ...overrides,
  };
}
