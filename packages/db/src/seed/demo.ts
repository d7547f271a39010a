/**
 * The demo ledger: Gongshu's units, the plan's rectification tasks, 73 sample petition cases,
 * demo accounts, and for every item the records its status implies (progress, the signed closure
 * request, verification, public notice, sign-off, look-backs, extensions, supervision notices),
 * so that every screen has something true to show.
 *
 * Deterministic: the same `today` gives the same rows, ids included.
 */
import { addDays, endOfWorkingDays, ledgerDate } from '@ledger/domain/calendar';
import { handlingStateForStatus } from '@ledger/domain/handling-state';

import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { hashPassword } from '../password';
import { accountKey, DEMO_PASSWORD, demoAccounts, unitAccounts, type AccountSeed } from './accounts';
import { generatePetitions } from './petitions';
import { planTasks, type TaskStatus } from './plan-tasks';
import { seedId, seededRandom, type Random } from './random';
import { allUnits } from './units';

type Tx = Prisma.TransactionClient;

export interface SeedOptions {
  /** the date the demo ledger is "alive" at; defaults to today in China Standard Time */
  today?: Date;
}

export interface SeedSummary {
  units: number;
  users: number;
  tasks: number;
  petitions: number;
}

/** The ledger holds no data yet (a fresh database): the app seeds it on first start. */
export async function isLedgerEmpty(prisma: PrismaClient): Promise<boolean> {
  const [units, users] = await Promise.all([prisma.unit.count(), prisma.user.count()]);
  return units === 0 && users === 0;
}

const STATUS_ORDER: TaskStatus[] = [
  'REGISTERED',
  'IN_PROGRESS',
  'CLOSURE_REQUESTED',
  'AWAITING_VERIFICATION',
  'PUBLIC_NOTICE',
  'AWAITING_SIGN_OFF',
  'CLOSED',
];
const reached = (status: TaskStatus, step: TaskStatus) =>
  status !== 'PHASE_COMPLETE' && STATUS_ORDER.indexOf(status) >= STATUS_ORDER.indexOf(step);

interface ItemPlan {
  id: string;
  number: string;
  status: TaskStatus;
  leadUnitCode: string;
  deadline: Date;
  rebound: boolean;
  kind: 'TASK' | 'PETITION';
}

export async function seedDemoData(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const today = ledgerDate(options.today);
  const random = seededRandom(20180808);
  // One hash for every demo account: argon2 is deliberately slow, and these are demo passwords.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return prisma.$transaction(
    async (tx) => {
      const unitIds = await seedUnits(tx);
      const accounts = [
        ...demoAccounts,
        ...allUnits
          .flatMap((unit, index) => unitAccounts(unit.code, unit.name, index))
          .filter((account) => !demoAccounts.some((demo) => demo.username === account.username)),
      ];
      const userIds = await seedUsers(tx, accounts, unitIds, passwordHash);
      const people: People = {
        unitId: (unitCode) => required(unitIds, unitCode),
        coordinator: required(userIds, 'coordinator'),
        leader: required(userIds, 'leader'),
        officerOf: (unitCode) => required(userIds, `officer.${accountKey(unitCode)}`),
        headOf: (unitCode) => required(userIds, `head.${accountKey(unitCode)}`),
      };

      const items: ItemPlan[] = [];
      for (const [index, task] of planTasks.entries()) {
        const number = `GS-ZG-${String(index + 1).padStart(3, '0')}`;
        const id = seedId(`item:${number}`);
        const deadline = addDays(today, task.deadlineInDays);
        const status = task.status;
        await tx.ledgerItem.create({
          data: {
            id,
            kind: 'TASK',
            number,
            title: task.title,
            leadUnitId: people.unitId(task.leadUnit),
            leadLeaderName: task.leadLeader,
            ...responsiblePerson(random),
            deadline,
            originalDeadline: deadline,
            warningDate: addDays(deadline, task.timeLimitType === 'LONG_TERM' ? -15 : -7),
            timeLimitType: task.timeLimitType,
            status,
            closedOn: status === 'CLOSED' ? addDays(deadline, -random.int(5, 40)) : null,
            // The district published its plan whole (2018-08-08): every task of it is public.
            isPublic: true,
            createdById: people.coordinator,
            task: {
              create: {
                inspectionRound: 'FIRST_ROUND',
                feedbackText: task.feedbackText,
                category: task.category,
                target: task.target,
                measures: task.measures,
                closureStandard: task.closureStandard,
              },
            },
            cooperatingUnits: {
              create: task.cooperatingUnits.map((code) => ({ unitId: people.unitId(code) })),
            },
          },
        });
        items.push({
          id,
          number,
          status,
          leadUnitCode: task.leadUnit,
          deadline,
          rebound: task.rebound ?? false,
          kind: 'TASK',
        });
      }

      const petitions = generatePetitions(random);
      for (const petition of petitions) {
        const id = seedId(`item:${petition.number}`);
        const deadline = addDays(today, petition.deadlineInDays);
        const status = petition.status;
        await tx.ledgerItem.create({
          data: {
            id,
            kind: 'PETITION',
            number: petition.number,
            title: petition.complaintSummary.slice(0, 40),
            leadUnitId: people.unitId(petition.areaUnit),
            leadLeaderName: '分管副区长（生态环境）',
            ...responsiblePerson(random),
            deadline,
            originalDeadline: deadline,
            warningDate: addDays(deadline, -7),
            timeLimitType: status === 'PHASE_COMPLETE' ? 'LONG_TERM' : 'SHORT_TERM',
            status,
            closedOn: status === 'CLOSED' ? addDays(deadline, -random.int(3, 30)) : null,
            isPublic: true,
            isSample: true,
            createdById: people.coordinator,
            petition: {
              create: {
                batch: petition.batch,
                handedOverOn: addDays(today, petition.handedOverInDays),
                isKeyCase: petition.isKeyCase,
                duplicateOfNumber: petition.duplicateOfNumber,
                complaintSummary: petition.complaintSummary,
                areaUnitId: people.unitId(petition.areaUnit),
                pollutionTypes: petition.pollutionTypes,
                investigationFindings: petition.investigationFindings,
                verdict: petition.verdict,
                handling: petition.handling,
                ...petition.accountability,
                handlingState: handlingStateForStatus(status),
                signerName: reached(status, 'AWAITING_VERIFICATION') ? '（见销号申请签字）' : null,
              },
            },
            cooperatingUnits: { create: [{ unitId: people.unitId(petition.cooperatingUnit) }] },
          },
        });
        items.push({
          id,
          number: petition.number,
          status,
          leadUnitCode: petition.areaUnit,
          deadline,
          rebound: false,
          kind: 'PETITION',
        });
      }

      for (const item of items) {
        await seedHistory(tx, item, today, random, people);
      }
      await seedSidePaths(tx, items, today, people);

      return {
        units: unitIds.size,
        users: userIds.size,
        tasks: planTasks.length,
        petitions: petitions.length,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function seedUnits(tx: Tx): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [index, unit] of allUnits.entries()) {
    const id = seedId(`unit:${unit.code}`);
    await tx.unit.create({
      data: { id, code: unit.code, name: unit.name, type: unit.type, sortOrder: index + 1 },
    });
    ids.set(unit.code, id);
  }
  return ids;
}

async function seedUsers(
  tx: Tx,
  accounts: AccountSeed[],
  unitIds: Map<string, string>,
  passwordHash: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const account of accounts) {
    const id = seedId(`user:${account.username}`);
    await tx.user.create({
      data: {
        id,
        username: account.username,
        displayName: account.displayName,
        passwordHash,
        role: account.role,
        unitId: account.unitCode ? required(unitIds, account.unitCode) : null,
        phone: account.phone ?? null,
        // Lets the account skip the second factor, but only on a server in demo mode.
        demoAccount: true,
      },
    });
    ids.set(account.username, id);
  }
  return ids;
}

const names = ['王建华', '李秀英', '张伟', '刘洋', '陈静', '杨磊', '黄敏', '周涛', '吴芳', '徐明'];

function responsiblePerson(random: Random) {
  return {
    responsiblePersonName: random.pick(names),
    responsiblePersonPhone: `0571-8${random.int(1000000, 9999999)}`,
  };
}

/** The completion the unit last reported: done once closure is requested, partial before. */
function finalPercentFor(status: TaskStatus, rebound: boolean, random: Random): number {
  if (rebound) return random.int(20, 50);
  if (status === 'IN_PROGRESS') return random.int(15, 90);
  if (status === 'PHASE_COMPLETE') return random.int(60, 90);
  return 100;
}

interface People {
  unitId: (unitCode: string) => string;
  coordinator: string;
  leader: string;
  officerOf: (unitCode: string) => string;
  headOf: (unitCode: string) => string;
}

const progressTexts = [
  '已召开专题部署会，制定整改工作方案，明确责任分工和时间节点。',
  '完成问题点位排查，建立整改清单，逐项落实整改措施。',
  '整改措施已全面实施，正在开展自查和复核。',
  '会同相关部门开展联合检查，发现问题已现场督促整改。',
  '整改工作按序时推进，相关台账资料已整理归档。',
];

/** Progress and, as far as the status reaches, the closure chain with its signatures. */
async function seedHistory(tx: Tx, item: ItemPlan, today: Date, random: Random, people: People) {
  if (item.status === 'REGISTERED') return;
  const officer = people.officerOf(item.leadUnitCode);
  const head = people.headOf(item.leadUnitCode);
  const entries = random.int(1, 3);
  const finalPercent = finalPercentFor(item.status, item.rebound, random);
  const lastReport =
    item.status === 'CLOSED' ? addDays(item.deadline, -45) : addDays(today, -random.int(3, 20));
  for (let n = 0; n < entries; n++) {
    await tx.progressEntry.create({
      data: {
        id: seedId(`progress:${item.number}:${n}`),
        itemId: item.id,
        unitId: people.unitId(item.leadUnitCode),
        authorId: officer,
        reportedOn: addDays(lastReport, -30 * (entries - 1 - n)),
        content: progressTexts[(n + item.number.length) % progressTexts.length]!,
        percent: Math.round((finalPercent * (n + 1)) / entries),
      },
    });
  }
  // A rebound item was closed once, then a look-back found the problem back: the old chain stays.
  const chainStatus: TaskStatus = item.rebound ? 'CLOSED' : item.status;
  if (!reached(chainStatus, 'CLOSURE_REQUESTED')) return;

  const requestedOn = item.rebound
    ? addDays(today, -200)
    : item.status === 'CLOSED'
      ? addDays(item.deadline, -50)
      : addDays(today, -12);
  const closureRequestId = seedId(`closure:${item.number}`);
  const signed = reached(chainStatus, 'AWAITING_VERIFICATION');
  const verified = reached(chainStatus, 'PUBLIC_NOTICE');
  const noticeEnded = reached(chainStatus, 'AWAITING_SIGN_OFF');
  const approved = chainStatus === 'CLOSED';
  await tx.closureRequest.create({
    data: {
      id: closureRequestId,
      itemId: item.id,
      // A rebound reopens the approved request (回头看 → 整改中), as the workflow does.
      status: approved
        ? item.rebound
          ? 'REOPENED'
          : 'APPROVED'
        : noticeEnded
          ? 'AWAITING_SIGN_OFF'
          : verified
            ? 'IN_NOTICE'
            : signed
              ? 'SIGNED'
              : 'AWAITING_SIGNATURE',
      rectificationReport: '经自查，各项整改措施已落实到位，达到销号标准，佐证材料已归档，申请销号。',
      requestedById: officer,
      requestedAt: at(requestedOn, 9),
      ...(signed
        ? {
            signerId: head,
            signedAt: at(addDays(requestedOn, 1), 10),
            signedStatement: '本单位对整改情况的真实性负责，同意申请销号。（谁签字，谁负责）',
          }
        : {}),
    },
  });
  if (!verified) return;
  const verifiedOn = addDays(requestedOn, 5);
  await tx.verification.create({
    data: {
      id: seedId(`verification:${item.number}`),
      closureRequestId,
      verifierId: people.coordinator,
      result: 'PASSED',
      conclusion: '经现场核查，整改措施落实到位，达到销号标准，验收通过。',
      onSite: true,
      verifiedOn,
    },
  });
  const startsOn = addDays(verifiedOn, 1);
  await tx.publicNoticePeriod.create({
    data: {
      id: seedId(`notice:${item.number}`),
      closureRequestId,
      startsOn,
      endsOn: endOfWorkingDays(startsOn, 5),
      workingDays: 5,
      status: noticeEnded ? 'ENDED' : 'OPEN',
      startedById: people.coordinator,
    },
  });
  if (!approved) return;
  await tx.signOff.create({
    data: {
      id: seedId(`sign-off:${item.number}`),
      closureRequestId,
      leaderId: people.leader,
      decision: 'APPROVED',
      statement: '同意销号。',
      signedAt: at(addDays(startsOn, 10), 15),
    },
  });
  if (item.rebound) {
    await recordLookBack(tx, item, addDays(today, -60), 'REBOUND', people.coordinator);
    await tx.ledgerItem.update({
      where: { id: item.id },
      data: { reboundCount: 1, lastReboundAt: at(addDays(today, -60), 16) },
    });
  }
}

/** A few extensions, supervision notices and kept look-backs, so the side paths have examples. */
async function seedSidePaths(tx: Tx, items: ItemPlan[], today: Date, people: People) {
  const overdue = items.filter((item) => item.status === 'IN_PROGRESS' && item.deadline < today);
  const closed = items.filter((item) => item.status === 'CLOSED' && !item.rebound);

  const extended = items.find(
    (item) => item.kind === 'TASK' && item.status === 'IN_PROGRESS' && item.deadline > today,
  );
  if (extended) {
    const originalDeadline = addDays(extended.deadline, -60);
    await tx.extension.create({
      data: {
        id: seedId(`extension:${extended.number}`),
        itemId: extended.id,
        originalDeadline,
        requestedDeadline: extended.deadline,
        reason: '涉及跨部门协调和工程招投标，原定时限内无法完成，申请延期。',
        status: 'APPROVED',
        requestedById: people.officerOf(extended.leadUnitCode),
        requestedAt: at(addDays(originalDeadline, -20), 10),
        decidedById: people.leader,
        decidedAt: at(addDays(originalDeadline, -15), 11),
        decisionNote: '同意延期，请抓紧推进。',
      },
    });
    await tx.ledgerItem.update({ where: { id: extended.id }, data: { originalDeadline } });
  }
  const pending = overdue.find((item) => item.kind === 'TASK');
  if (pending) {
    await tx.extension.create({
      data: {
        id: seedId(`extension:${pending.number}`),
        itemId: pending.id,
        originalDeadline: pending.deadline,
        requestedDeadline: addDays(pending.deadline, 60),
        reason: '施工受汛期影响，申请延期两个月。',
        requestedById: people.officerOf(pending.leadUnitCode),
        requestedAt: at(addDays(pending.deadline, -10), 9),
      },
    });
  }
  await seedSupervisionNotices(tx, overdue, today, people);
  for (const item of closed.slice(0, 4)) {
    await recordLookBack(tx, item, addDays(today, -30), 'KEPT', people.coordinator);
  }
}

/**
 * 三色督办 on overdue items, one in each state the lifecycle knows: a yellow notice awaiting the
 * unit's answer, one answered and waiting for the coordinator, one unanswered past its date, one
 * closed, and a yellow one escalated to a red one that now waits in its place.
 */
async function seedSupervisionNotices(tx: Tx, overdue: ItemPlan[], today: Date, people: People) {
  const reason = '该事项已超过整改时限，请加快推进并按期反馈整改情况。';
  const notice = (item: ItemPlan, key: string, data: Partial<Prisma.SupervisionNoticeUncheckedCreateInput>) =>
    tx.supervisionNotice.create({
      data: {
        id: seedId(`supervision:${key}:${item.number}`),
        itemId: item.id,
        unitId: people.unitId(item.leadUnitCode),
        level: 'YELLOW',
        reason,
        responseDueOn: addDays(today, 5),
        issuedById: people.coordinator,
        issuedAt: at(addDays(today, -3), 9),
        ...data,
      },
    });
  const [awaiting, answered, unanswered, closed, escalated] = overdue;
  if (awaiting) await notice(awaiting, 'yellow', {});
  if (answered) {
    await notice(answered, 'yellow', {
      status: 'RESPONDED',
      issuedAt: at(addDays(today, -10), 9),
      responseDueOn: addDays(today, -3),
      responseText: '已召开专题推进会，施工队伍已进场，预计一个月内完成整改，现场照片见佐证材料。',
      respondedById: people.officerOf(answered.leadUnitCode),
      respondedAt: at(addDays(today, -4), 16),
    });
  }
  if (unanswered) {
    await notice(unanswered, 'yellow', {
      status: 'OVERDUE',
      issuedAt: at(addDays(today, -12), 9),
      responseDueOn: addDays(today, -2),
      overdueAt: at(addDays(today, -1), 1),
    });
  }
  if (closed) {
    await notice(closed, 'yellow', {
      status: 'CLOSED',
      issuedAt: at(addDays(today, -30), 9),
      responseDueOn: addDays(today, -20),
      responseText: '已制定整改方案并明确完成节点，每周报送进展。',
      respondedById: people.officerOf(closed.leadUnitCode),
      respondedAt: at(addDays(today, -22), 15),
      closedAt: at(addDays(today, -21), 10),
    });
  }
  if (escalated) {
    const yellow = await notice(escalated, 'yellow', {
      status: 'ESCALATED',
      issuedAt: at(addDays(today, -20), 9),
      responseDueOn: addDays(today, -10),
      overdueAt: at(addDays(today, -9), 1),
    });
    await notice(escalated, 'red', {
      level: 'RED',
      reason: '黄色督办逾期未反馈，升级为挂牌督办，请单位主要负责人亲自研究部署并限期反馈。',
      issuedAt: at(addDays(today, -8), 10),
      responseDueOn: addDays(today, 3),
      escalatedFromId: yellow.id,
    });
  }
}

const lookBackFindings = {
  REBOUND: '回头看发现部分已整改点位再次出现雨污混接，问题反弹，重新挂账整改。',
  KEPT: '回头看现场检查，整改成果保持良好，未发现反弹。',
} as const;

function recordLookBack(
  tx: Tx,
  item: ItemPlan,
  inspectedOn: Date,
  result: 'KEPT' | 'REBOUND',
  inspectorId: string,
) {
  return tx.lookBack.create({
    data: {
      id: seedId(`look-back:${item.number}`),
      itemId: item.id,
      inspectedOn,
      result,
      findings: lookBackFindings[result],
      inspectorId,
    },
  });
}

/** A seed row that must exist: a typo in the seed data fails loudly instead of writing nulls. */
function required(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo seed refers to unknown ${key}`);
  return id;
}

/** An instant on a seeded date, at a plausible office hour (China Standard Time). */
function at(date: Date, hourCst: number): Date {
  return new Date(date.getTime() + (hourCst - 8) * 3_600_000);
}
