import { describe, expect, it, onTestFinished } from 'vitest';

import { createPrismaClient } from '../src/client';
import { createTestDatabase } from '../src/testing/database';

// The embedded database has one connection: concurrent requests must queue on it, never fail.
describe('concurrent queries on the embedded database', () => {
  it('queues parallel queries and a transaction on the single connection', async () => {
    const database = await createTestDatabase({ kind: 'embedded' });
    onTestFinished(() => database.drop());
    const prisma = createPrismaClient({ connectionString: database.url, embedded: true });
    onTestFinished(() => prisma.$disconnect());

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT ${n}::int AS n FROM pg_sleep(0.005)`),
      ),
    );
    expect(results.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));

    const [created, counted] = await Promise.all([
      prisma.$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT 1 FROM pg_sleep(0.05)');
        return tx.unit.create({ data: { code: 'u1', name: '测试单位', type: 'STREET' } });
      }),
      prisma.unit.count(),
      prisma.ledgerItem.findMany({ take: 5 }),
    ]);
    expect(created.code).toBe('u1');
    expect([0, 1]).toContain(counted);
    expect(await prisma.unit.count()).toBe(1);
  });
});

describe('a failed query on the embedded database', () => {
  it('leaves the single connection usable for the next query', async () => {
    const database = await createTestDatabase({ kind: 'embedded' });
    onTestFinished(() => database.drop());
    const prisma = createPrismaClient({ connectionString: database.url, embedded: true });
    onTestFinished(() => prisma.$disconnect());

    await prisma.unit.create({ data: { code: 'dup', name: '重复单位', type: 'STREET' } });
    await expect(
      prisma.unit.create({ data: { code: 'dup', name: '另一单位', type: 'STREET' } }),
    ).rejects.toThrow();
    await expect(prisma.$queryRawUnsafe('SELECT 1/0')).rejects.toThrow(/division by zero/);
    expect(await prisma.unit.count()).toBe(1);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.unit.create({ data: { code: 'in-tx', name: '事务内', type: 'PARK' } });
        await tx.$queryRawUnsafe('SELECT 1/0');
      }),
    ).rejects.toThrow();
    expect(await prisma.unit.count()).toBe(1);
  });
});
