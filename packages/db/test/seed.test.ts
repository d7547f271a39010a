import { addDays, ledgerDate } from '@ledger/domain/calendar';
import { handlingStateForStatus } from '@ledger/domain/handling-state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPrismaClient, type PrismaClient } from '../src/client';
import { verifyPassword } from '../src/password';
import { DEMO_PASSWORD } from '../src/seed/accounts';
import { isLedgerEmpty, seedDemoData } from '../src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../src/testing/database';

const today = new Date('2026-11-29T04:00:00Z');

async function seededDatabase() {
  const database = await createTestDatabase();
  const prisma = createPrismaClient({
    connectionString: database.url,
    embedded: database.kind === 'embedded',
  });
  return { database, prisma };
}

/** What a person sees of the ledger, in a stable order: the basis of the determinism check. */
async function snapshot(prisma: PrismaClient) {
  return {
    units: await prisma.unit.findMany({
      orderBy: { code: 'asc' },
      omit: { createdAt: true, updatedAt: true },
    }),
    users: await prisma.user.findMany({
      orderBy: { username: 'asc' },
      select: { id: true, username: true, displayName: true, role: true, unitId: true },
    }),
    items: await prisma.ledgerItem.findMany({
      orderBy: { number: 'asc' },
      omit: { createdAt: true, updatedAt: true },
      include: {
        task: { omit: { createdAt: true, updatedAt: true } },
        petition: { omit: { createdAt: true, updatedAt: true } },
      },
    }),
    closureRequests: await prisma.closureRequest.findMany({
      orderBy: { id: 'asc' },
      omit: { createdAt: true, updatedAt: true },
    }),
    progress: await prisma.progressEntry.count(),
  };
}

describe('demo seed', () => {
  let first: { database: TestDatabase; prisma: PrismaClient };

  beforeAll(async () => {
    first = await seededDatabase();
    expect(await isLedgerEmpty(first.prisma)).toBe(true);
    await seedDemoData(first.prisma, { today });
  }, 120_000);

  afterAll(async () => {
    await first?.prisma.$disconnect();
    await first?.database.drop();
  });

  it('loads every unit of Gongshu: 10 streets, parks, departments and the coordination group', async () => {
    const units = await first.prisma.unit.findMany();
    const streets = units.filter((unit) => unit.type === 'STREET').map((unit) => unit.name);
    expect(streets.sort()).toEqual(
      [
        '米市巷街道',
        '湖墅街道',
        '小河街道',
        '拱宸桥街道',
        '和睦街道',
        '大关街道',
        '上塘街道',
        '祥符街道',
        '康桥街道',
        '半山街道',
      ].sort(),
    );
    expect(units.some((unit) => unit.type === 'PARK')).toBe(true);
    expect(units.filter((unit) => unit.type === 'COORDINATION_GROUP').map((unit) => unit.name)).toEqual([
      '区整改协调小组',
    ]);
    for (const name of [
      '生态环境拱墅分局',
      '区住建局',
      '区城管局',
      '区林水局',
      '区市场监管局',
      '公安拱墅分局',
      '区发改经信局',
    ]) {
      expect(units.map((unit) => unit.name)).toContain(name);
    }
  });

  it('loads exactly 73 petition cases, all marked as sample data, in the 10 streets', async () => {
    const petitions = await first.prisma.ledgerItem.findMany({
      where: { kind: 'PETITION' },
      include: { petition: { include: { area: true } } },
    });
    expect(petitions).toHaveLength(73);
    expect(petitions.every((item) => item.isSample)).toBe(true);
    expect(new Set(petitions.map((item) => item.petition!.area.type))).toEqual(new Set(['STREET']));
    for (const item of petitions) {
      expect(item.petition!.handlingState).toBe(handlingStateForStatus(item.status));
      expect(item.petition!.pollutionTypes.length).toBeGreaterThan(0);
    }
  });

  it('loads at least 25 rectification tasks in the plan’s words with lead and cooperating units', async () => {
    const tasks = await first.prisma.ledgerItem.findMany({
      where: { kind: 'TASK' },
      include: { task: true, cooperatingUnits: true },
    });
    expect(tasks.length).toBeGreaterThanOrEqual(25);
    const titles = tasks.map((item) => item.title).join('\n');
    for (const phrase of [
      '无燃煤区',
      'VOCs',
      '散乱污',
      '117公里',
      '土壤污染状况详查',
      '危险废物',
      '生活垃圾分类',
      '半山森林公园',
      '两廊三公园',
      '百日会战',
      '最多跑一次',
    ]) {
      expect(titles).toContain(phrase);
    }
    expect(
      tasks.every(
        (item) => item.task !== null && item.task.measures.length > 0 && item.cooperatingUnits.length > 0,
      ),
    ).toBe(true);
    expect(new Set(tasks.map((item) => item.status)).size).toBeGreaterThanOrEqual(6);
  });

  it('spreads deadlines around today: some items overdue, some due within 7 days', async () => {
    const day = ledgerDate(today);
    const open = { status: { not: 'CLOSED' as const } };
    const overdue = await first.prisma.ledgerItem.count({ where: { ...open, deadline: { lt: day } } });
    const dueSoon = await first.prisma.ledgerItem.count({
      where: { ...open, deadline: { gte: day, lte: addDays(day, 7) } },
    });
    expect(overdue).toBeGreaterThan(0);
    expect(dueSoon).toBeGreaterThan(0);
  });

  it('gives every closed item its signed closure request, verification, notice and sign-off', async () => {
    const closed = await first.prisma.ledgerItem.findMany({
      where: { status: 'CLOSED' },
      include: { closureRequests: { include: { verifications: true, noticePeriods: true, signOffs: true } } },
    });
    expect(closed.length).toBeGreaterThan(0);
    for (const item of closed) {
      const [request] = item.closureRequests;
      expect(request?.signerId, item.number).toBeTruthy();
      expect(request?.signedStatement).toContain('谁签字，谁负责');
      expect(request?.verifications.map((verification) => verification.verifierId)).not.toContain(
        request?.requestedById,
      );
      expect(request?.noticePeriods[0]?.status).toBe('ENDED');
      expect(request?.signOffs[0]?.decision).toBe('APPROVED');
      expect(item.closedOn).not.toBeNull();
    }
  });

  it('creates the demo accounts with the demo password', async () => {
    const usernames = [
      'coordinator',
      'leader',
      'auditor',
      'admin',
      'officer.hushu',
      'head.hushu',
      'officer.banshan',
    ];
    const users = await first.prisma.user.findMany({
      where: { username: { in: usernames } },
      include: { unit: true },
    });
    expect(users.map((user) => user.username).sort()).toEqual([...usernames].sort());
    const byName = new Map(users.map((user) => [user.username, user]));
    expect(byName.get('officer.hushu')?.unit?.name).toBe('湖墅街道');
    expect(byName.get('head.hushu')?.role).toBe('UNIT_HEAD');
    expect(byName.get('officer.banshan')?.unit?.name).toBe('半山街道');
    expect(byName.get('admin')?.role).toBe('ADMIN');
    expect(await verifyPassword(byName.get('coordinator')!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(byName.get('coordinator')!.passwordHash, 'wrong-password')).toBe(false);
  });

  it('is deterministic: the same day seeds the same ledger, ids included', async () => {
    const second = await seededDatabase();
    try {
      await seedDemoData(second.prisma, { today });
      expect(await snapshot(second.prisma)).toEqual(await snapshot(first.prisma));
    } finally {
      await second.prisma.$disconnect();
      await second.database.drop();
    }
  }, 120_000);
});
