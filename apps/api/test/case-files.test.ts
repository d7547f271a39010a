/**
 * 销号报告, 案卷 and the batch of case files, on PostgreSQL with the demo ledger: an item taken
 * through the whole closure path by the demo accounts (progress, two evidence files of the same
 * name, request, signature, verification, a public notice with an objection from the public,
 * sign-off), then read back as an auditor would — the PDF through pdftotext, the ZIPs unpacked
 * and checked with `sha256sum -c` — and who may take what.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { CASE_FILES_BATCH_MAX_ITEMS, type ExportJobView } from '@ledger/domain/exports';
import { formatDateTime } from '@ledger/domain/format';
import type { ItemDetail } from '@ledger/domain/items';
import { pdfText, squash } from '@ledger/documents/testing-pdf';
import { parse } from 'csv-parse/sync';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';

import { buildApp } from '../src/app';
import { JOB_INTERRUPTED_MESSAGE } from '../src/services/jobs';
import { multipartForm, png } from './evidence-fixtures';
import { loginAs, SEED_TODAY, useTestApp } from './helpers';

const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file of a ZIP by its path, read with a second, independent implementation (yauzl). */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error) return reject(error);
      const files = new Map<string, Buffer>();
      archive.on('error', reject);
      archive.on('end', () => resolve(files));
      archive.on('entry', (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            archive.readEntry();
          });
        });
      });
      archive.readEntry();
    });
  });
}

/** Writes the files out and runs GNU `sha256sum -c` in `folder` (relative to the root). */
async function sha256sumCheck(files: Map<string, Buffer>, folder = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'case-file-'));
  try {
    for (const [path, bytes] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    return (await run('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: join(dir, folder) })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** SHA256SUMS as path → sum. */
function sums(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const [sum, path] = line.split(/ {2}/) as [string, string];
        return [path, sum];
      }),
  );
}

/** RFC 4180 CSV (quoted fields with commas, quotes and line breaks) into rows, by csv-parse. */
const parseCsv = (text: string) => parse(text) as string[][];

const WORKER = { pollMs: 100, staleAfterMs: 30_000, heartbeatMs: 500 };

describe('closure report, case file and batch export (销号报告、案卷)', () => {
  const context = useTestApp({ seed: true, jobWorker: WORKER });
  const prisma = () => context.db.prisma;
  const sessions: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const units: Record<string, string> = {};

  /** The day the workflow steps count as today: moved forward through the notice period. */
  let ledgerDay = SEED_TODAY;
  let workflowApp: Awaited<ReturnType<typeof buildApp>>;

  const as = (username: string, request: InjectOptions, app = context.app) =>
    app.inject({ ...request, headers: { ...request.headers, cookie: sessions[username] ?? '' } });

  async function ok<T>(
    username: string,
    request: InjectOptions,
    status = 200,
    app = workflowApp,
  ): Promise<T> {
    const response = await as(username, request, app);
    expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(status);
    return response.json<T>();
  }

  const act = async (username: string, itemId: string, action: string, body: Record<string, unknown>) => {
    const { version } = await prisma().ledgerItem.findUniqueOrThrow({
      where: { id: itemId },
      select: { version: true },
    });
    return ok<ItemDetail>(username, {
      method: 'POST',
      url: `/api/items/${itemId}/actions/${action}`,
      payload: { version, ...body },
    });
  };

  function register(title: string, leadUnit = 'street-hushu', isPublic = false) {
    return ok<ItemDetail>(
      'coordinator',
      {
        method: 'POST',
        url: '/api/items',
        payload: {
          kind: 'TASK',
          number: `CF-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
          title,
          leadUnitId: units[leadUnit],
          cooperatingUnitIds: [units['street-xiaohe']],
          responsiblePersonName: '王建国',
          deadline: '2027-03-31',
          timeLimitType: 'SHORT_TERM',
          isPublic,
          task: {
            inspectionRound: 'FIRST_ROUND',
            feedbackText: '运河沿线部分餐饮企业油烟直排，群众反映强烈。',
            category: 'AIR',
            target: '沿线餐饮企业油烟净化设施安装率达到 100%。',
            measures: ['全面排查沿线餐饮企业', '督促安装油烟净化设施'],
            closureStandard: '净化设施全部安装并正常运行，经第三方检测达标。',
          },
        },
      },
      201,
    );
  }

  const upload = (itemId: string, name: string, content: Buffer, provesDate: string) => {
    const form = multipartForm({ provesDate, description: '整改后现场照片' }, [
      { name, content, type: 'image/png' },
    ]);
    return ok<{ id: string; sha256: string; provesDate: string }>(
      'officer.hushu',
      { method: 'POST', url: `/api/items/${itemId}/evidence`, headers: form.headers, payload: form.payload },
      201,
    );
  };

  // The item every check below reads: closed through the whole path.
  const REPORT = '经自查，沿线 12 家餐饮企业均已安装油烟净化设施并正常运行，达到销号标准。';
  const STATEMENT = '本单位已完成整改，情况属实。本人对以上内容负责。';
  const CONCLUSION = '经现场核查，整改到位，验收通过。';
  const OBJECTION = '运河边第三家饭店晚上仍有油烟味。';
  const CONTACT = '13912345678';
  const RESOLUTION = '经复查，该店已安装净化设施，异议不成立。';
  const SIGN_OFF = '同意销号，请持续巩固整改成果。';
  const secondPng = Buffer.concat([png, Buffer.from('另一张照片')]);
  let closed: ItemDetail;
  let evidence: { id: string; sha256: string; provesDate: string; content: Buffer }[];

  /** The audit records of the closed item, found here the plain way (its own rows and its children's). */
  async function closedItemAudit() {
    const objectionIds = (
      await prisma().objection.findMany({
        where: { noticePeriod: { closureRequest: { itemId: closed.id } } },
        select: { id: true },
      })
    ).map((row) => row.id);
    const progressIds = (
      await prisma().progressEntry.findMany({ where: { itemId: closed.id }, select: { id: true } })
    ).map((row) => row.id);
    return prisma().auditLog.findMany({
      where: {
        OR: [
          { entityType: 'LedgerItem', entityId: closed.id },
          { entityType: 'EvidenceFile', entityId: { in: evidence.map((file) => file.id) } },
          { entityType: 'ProgressEntry', entityId: { in: progressIds } },
          { entityType: 'Objection', entityId: { in: objectionIds } },
        ],
      },
      orderBy: { id: 'asc' },
    });
  }

  beforeAll(async () => {
    workflowApp = await buildApp({
      db: context.db,
      evidence: { dir: context.evidenceDir, maxBytes: 1_000_000 },
      today: () => ledgerDay,
    });
    await workflowApp.ready();
    for (const unit of await prisma().unit.findMany({ select: { id: true, code: true } }))
      units[unit.code] = unit.id;
    for (const username of [
      'coordinator',
      'leader',
      'auditor',
      'admin',
      'officer.hushu',
      'head.hushu',
      'officer.banshan',
    ]) {
      sessions[username] = (await loginAs(context, username)).cookie;
      userIds[username] = (await prisma().user.findUniqueOrThrow({ where: { username } })).id;
    }

    const item = await register('运河沿线餐饮油烟直排（案卷测试）', 'street-hushu', true);
    await ok(
      'officer.hushu',
      {
        method: 'POST',
        url: `/api/items/${item.id}/progress`,
        payload: {
          reportedOn: '2026-11-25',
          content: '已完成沿线餐饮企业排查，正在安装油烟净化设施。',
          percent: 60,
        },
      },
      201,
    );
    // Two files of the same name: the case file must keep both.
    const first = await upload(item.id, '整改后.png', png, '2026-11-20');
    const second = await upload(item.id, '整改后.png', secondPng, '2026-11-26');
    evidence = [
      { ...first, content: png },
      { ...second, content: secondPng },
    ];
    await act('officer.hushu', item.id, 'request_closure', {
      report: REPORT,
      evidenceIds: [first.id, second.id],
    });
    await act('head.hushu', item.id, 'sign', { statement: STATEMENT });
    await act('coordinator', item.id, 'verify', {
      result: 'PASSED',
      conclusion: CONCLUSION,
      onSite: true,
      verifiedOn: '2026-11-29',
    });
    const noticed = await act('coordinator', item.id, 'start_notice', { workingDays: 1 });
    expect(noticed.closure?.notice).toMatchObject({ startsOn: '2026-11-30', endsOn: '2026-11-30' });
    ledgerDay = new Date('2026-11-30T04:00:00Z');
    const receipt = await ok<{ id: string }>(
      'nobody',
      {
        method: 'POST',
        url: `/api/public/notices/${noticed.closure!.notice!.id}/objections`,
        payload: { content: OBJECTION, contact: CONTACT },
      },
      201,
    );
    await act('coordinator', item.id, 'dismiss_objection', {
      objectionId: receipt.id,
      resolution: RESOLUTION,
    });
    ledgerDay = new Date('2026-12-01T04:00:00Z');
    await act('coordinator', item.id, 'close_notice', {});
    closed = await act('leader', item.id, 'sign_off', { decision: 'APPROVED', statement: SIGN_OFF });
    expect(closed.status).toBe('CLOSED');
  });

  afterAll(async () => {
    await workflowApp?.close();
  });

  // ───────────── 销号报告 ─────────────

  it('writes a closure report with everything an auditor files, tied to the last audit record', async () => {
    const lastRecord = (await closedItemAudit()).at(-1)!;
    const response = await as('auditor', {
      method: 'GET',
      url: `/api/items/${closed.id}/closure-report.pdf`,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(
      encodeURIComponent(`销号报告-${closed.number}.pdf`),
    );
    const pdf = response.rawPayload;
    // Raw order keeps a table cell's wrapped lines together.
    const text = await pdfText(pdf, 'raw');
    const flat = squash(text);
    const has = (fragment: string) => expect(flat).toContain(squash(fragment));

    has(closed.number);
    has(closed.title);
    has('湖墅街道');
    has('小河街道');
    has('王建国');
    has('本事项已销号');
    has(REPORT);
    // 谁签字，谁负责: who signed, when, and the words signed.
    const closure = closed.closure!;
    has(`签字人：${closure.signer!.displayName}`);
    has(formatDateTime(closure.signedAt!));
    has(STATEMENT);
    // The verification: who, when, on site, result, the reasons.
    const verification = closure.verifications[0]!;
    has(verification.verifier.displayName);
    has('2026-11-29');
    has('验收通过');
    has(CONCLUSION);
    // The notice period and the objection, never its contact.
    has('2026-11-30至2026-11-30（1个工作日）');
    has(OBJECTION);
    has(RESOLUTION);
    expect(flat).not.toContain(CONTACT);
    // The district leader's sign-off.
    has(closure.signOffs[0]!.leader.displayName);
    has('同意销号');
    has(SIGN_OFF);
    // Every evidence file with its SHA-256 and proven date.
    for (const file of evidence) {
      has(file.sha256);
      has(file.provesDate);
    }
    // The timeline, step by step.
    for (const step of [
      '挂账',
      '开始整改',
      '申请销号（附佐证材料2份）',
      '签字确认',
      '验收：验收通过（现场核查）',
      '启动公示',
      '异议不成立',
      '公示期满',
      '审签：同意销号',
    ])
      has(step);
    // The audit chain: the last record concerning the item before the report was written.
    has(lastRecord.hash);
    const pages = (text.match(/\f/g) ?? []).length;
    has(`第 1 页 / 共 ${pages} 页`);

    const record = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'export.closure-report', entityId: closed.id },
      orderBy: { id: 'desc' },
    });
    expect(record).toMatchObject({ entityType: 'LedgerItem', actorId: userIds.auditor, outcome: 'SUCCESS' });
    expect(record.after).toMatchObject({ sha256: sha256(pdf), lastAuditHash: lastRecord.hash });
  });

  it("says clearly that an open item's report is not a closure", async () => {
    const open = await prisma().ledgerItem.findFirstOrThrow({
      where: { leadUnitId: units['street-hushu'], status: 'IN_PROGRESS' },
      select: { id: true, number: true },
    });
    const response = await as('officer.hushu', {
      method: 'GET',
      url: `/api/items/${open.id}/closure-report.pdf`,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const flat = squash(await pdfText(response.rawPayload));
    expect(flat).toContain(squash(open.number));
    expect(flat).toContain(squash('本事项尚未销号（当前状态：整改中）'));
    expect(flat).toContain(squash('尚未申请销号'));
  });

  // ───────────── 案卷 ─────────────

  it('packs the case file: the report, the evidence byte for byte, the audit CSV and checkable sums', async () => {
    const audit = await closedItemAudit();
    const response = await as('auditor', { method: 'GET', url: `/api/items/${closed.id}/case-file.zip` });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const files = await unzip(response.rawPayload);

    const reportName = `销号报告-${closed.number}.pdf`;
    expect([...files.keys()].sort()).toEqual(
      [
        reportName,
        '佐证材料/整改后.png',
        '佐证材料/整改后 (2).png',
        '审计记录.csv',
        '清单.csv',
        'SHA256SUMS',
      ].sort(),
    );
    expect(files.get('佐证材料/整改后.png')!.equals(png)).toBe(true);
    expect(files.get('佐证材料/整改后 (2).png')!.equals(secondPng)).toBe(true);
    expect(squash(await pdfText(files.get(reportName)!))).toContain(squash(REPORT));

    // SHA256SUMS names every other file, with its right sum — as sha256sum itself finds.
    const listed = sums(files.get('SHA256SUMS')!.toString('utf8'));
    expect([...listed.keys()].sort()).toEqual(
      [...files.keys()].filter((name) => name !== 'SHA256SUMS').sort(),
    );
    for (const [path, sum] of listed) expect(sha256(files.get(path)!), path).toBe(sum);
    expect(await sha256sumCheck(files)).toContain(`${reportName}: OK`);

    // The audit CSV: BOM first, the columns asked for, and every record of the item.
    const csv = files.get('审计记录.csv')!;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      '时间',
      '操作人',
      '操作',
      '对象类型',
      '对象ID',
      '结果',
      'IP',
      '修改前',
      '修改后',
      '上一条哈希',
      '本条哈希',
    ]);
    expect(rows.slice(1).map((row) => row[10])).toEqual(audit.map((record) => record.hash));
    expect(rows.slice(1).map((row) => row[2])).toEqual(
      expect.arrayContaining(['item.create', 'evidence.upload', 'objection.create']),
    );
    // An auditor may read the audit log: the objection's sender address is there for them.
    const objection = rows.find((row) => row[2] === 'objection.create')!;
    expect(objection[1]).toBe('公众');
    expect(objection[8]).not.toContain(CONTACT);

    // 清单.csv: each file with size and sum, evidence with its proven date.
    const manifest = parseCsv(files.get('清单.csv')!.toString('utf8').slice(1));
    expect(manifest[0]).toEqual(['文件', '大小（字节）', 'SHA-256', '证明日期', '说明']);
    expect(manifest.find((row) => row[0] === '佐证材料/整改后 (2).png')).toEqual([
      '佐证材料/整改后 (2).png',
      String(secondPng.length),
      evidence[1]!.sha256,
      '2026-11-26',
      '整改后.png：整改后现场照片',
    ]);

    const record = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'export.case-file', entityId: closed.id },
      orderBy: { id: 'desc' },
    });
    expect(record).toMatchObject({ entityType: 'LedgerItem', actorId: userIds.auditor });
    const after = record.after as { files: { path: string; sha256: string }[]; auditRecords: number };
    expect(after.auditRecords).toBe(audit.length);
    expect(new Map(after.files.map((file) => [file.path, file.sha256]))).toEqual(
      new Map([...files].map(([path, bytes]) => [path, sha256(bytes)])),
    );
  });

  it("keeps the public's addresses out of a unit's case file", async () => {
    const response = await as('officer.hushu', {
      method: 'GET',
      url: `/api/items/${closed.id}/case-file.zip`,
    });
    expect(response.statusCode).toBe(200);
    const rows = parseCsv((await unzip(response.rawPayload)).get('审计记录.csv')!.toString('utf8').slice(1));
    expect(rows.find((row) => row[2] === 'objection.create')![6]).toBe('（公众来源地址不随案卷导出）');
    expect(rows.find((row) => row[2] === 'item.create')![6]).not.toBe('');
  });

  describe('who may export an item', () => {
    const cases: [string, number][] = [
      ['auditor', 200],
      ['coordinator', 200],
      ['leader', 200],
      ['officer.hushu', 200],
      ['officer.banshan', 404],
      ['admin', 403],
    ];
    for (const file of ['closure-report.pdf', 'case-file.zip']) {
      for (const [username, status] of cases) {
        it(`${file}: ${username} → ${status}`, async () => {
          const before = await prisma().auditLog.count({ where: { action: { startsWith: 'export.' } } });
          const response = await as(username, { method: 'GET', url: `/api/items/${closed.id}/${file}` });
          expect(response.statusCode).toBe(status);
          if (status === 403) expect(response.json().missingPermission).toBe('export:item:own-unit');
          // A refusal leaves no export on record; a download leaves one.
          const after = await prisma().auditLog.count({ where: { action: { startsWith: 'export.' } } });
          expect(after).toBe(before + (status === 200 ? 1 : 0));
        });
      }
    }
  });

  // ───────────── 批量导出 ─────────────

  async function waitFor(username: string, jobId: string, until: ExportJobView['status'][]) {
    const seen: number[] = [];
    for (let attempt = 0; attempt < 600; attempt++) {
      const job = await ok<ExportJobView>(
        username,
        { method: 'GET', url: `/api/exports/jobs/${jobId}` },
        200,
        context.app,
      );
      seen.push(job.progress);
      if (until.includes(job.status)) return { job, seen };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${jobId} did not reach ${until.join('/')}`);
  }

  it('builds a batch of case files in the background, with progress, one folder per item', async () => {
    const others = await prisma().ledgerItem.findMany({
      where: { status: 'CLOSED', id: { not: closed.id } },
      orderBy: { number: 'asc' },
      take: 2,
      select: { id: true, number: true },
    });
    const itemIds = [closed.id, ...others.map((item) => item.id)];
    const created = await ok<ExportJobView>(
      'auditor',
      { method: 'POST', url: '/api/exports/case-files', payload: { itemIds } },
      202,
      context.app,
    );
    expect(created).toMatchObject({
      status: 'QUEUED',
      progress: 0,
      total: 3,
      description: '所选 3 项',
      file: null,
    });
    const creation = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'export.case-files', entityId: created.id },
    });
    expect(creation).toMatchObject({ entityType: 'Job', actorId: userIds.auditor });
    expect(creation.after).toMatchObject({ itemIds, total: 3, selection: { itemIds } });

    const { job, seen } = await waitFor('auditor', created.id, ['SUCCEEDED', 'FAILED']);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: 3, total: 3 });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // Progress is recorded item by item.
    const stored = await prisma().job.findUniqueOrThrow({ where: { id: created.id } });
    const done = (stored.result as { items: { itemId: string; doneAt: string }[] }).items;
    expect(done.map((item) => item.itemId)).toEqual(itemIds);
    expect(done.map((item) => item.doneAt)).toEqual([...done.map((item) => item.doneAt)].sort());

    expect(
      (
        await ok<{ jobs: ExportJobView[] }>(
          'auditor',
          { method: 'GET', url: '/api/exports/jobs' },
          200,
          context.app,
        )
      ).jobs[0],
    ).toMatchObject({
      id: created.id,
      status: 'SUCCEEDED',
    });
    const download = await as('auditor', { method: 'GET', url: job.file!.url });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(sha256(download.rawPayload)).toBe(job.file!.sha256);
    expect(download.rawPayload.length).toBe(job.file!.sizeBytes);

    const files = await unzip(download.rawPayload);
    const folders = [closed.number, ...others.map((item) => item.number)];
    for (const folder of folders) {
      expect(files.has(`${folder}/SHA256SUMS`), folder).toBe(true);
      expect(files.has(`${folder}/销号报告-${folder}.pdf`), folder).toBe(true);
      expect(await sha256sumCheck(files, folder)).toContain('审计记录.csv: OK');
    }
    expect(files.get(`${closed.number}/佐证材料/整改后 (2).png`)!.equals(secondPng)).toBe(true);
    const listed = sums(files.get('SHA256SUMS')!.toString('utf8'));
    expect([...listed.keys()].sort()).toEqual(
      [...files.keys()].filter((name) => name !== 'SHA256SUMS').sort(),
    );
    expect(await sha256sumCheck(files)).toContain(`${closed.number}/佐证材料/整改后.png: OK`);

    const downloaded = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'export.case-files.download', entityId: created.id },
    });
    expect(downloaded).toMatchObject({ entityType: 'Job', actorId: userIds.auditor });
    expect(downloaded.after).toMatchObject({ sha256: job.file!.sha256 });
    // The item's own audit CSV of a later case file names the batch that took it.
    const later = await unzip(
      (await as('auditor', { method: 'GET', url: `/api/items/${closed.id}/case-file.zip` })).rawPayload,
    );
    expect(later.get('审计记录.csv')!.toString('utf8')).toContain('export.case-files.download');

    // Someone else's job does not exist for them.
    for (const url of [`/api/exports/jobs/${created.id}`, job.file!.url]) {
      expect((await as('coordinator', { method: 'GET', url })).statusCode).toBe(404);
    }
    expect(
      (
        await ok<{ jobs: ExportJobView[] }>(
          'coordinator',
          { method: 'GET', url: '/api/exports/jobs' },
          200,
          context.app,
        )
      ).jobs.map((listedJob) => listedJob.id),
    ).not.toContain(created.id);
    expect((await as('admin', { method: 'GET', url: '/api/exports/jobs' })).statusCode).toBe(403);
  });

  it("takes the ledger's filters, within the caller's unit", async () => {
    const word = `筛选案卷${Date.now().toString(36)}`;
    const own = await register(`${word} 湖墅牵头`);
    const other = await register(`${word} 半山牵头`, 'street-banshan');
    const filtered = (username: string) =>
      as(username, {
        method: 'POST',
        url: '/api/exports/case-files',
        payload: { filters: { q: word, kind: 'task' } },
      });

    const byOfficer = await filtered('officer.hushu');
    expect(byOfficer.statusCode, byOfficer.body).toBe(202);
    expect(byOfficer.json<ExportJobView>()).toMatchObject({ total: 1 });
    expect(byOfficer.json<ExportJobView>().description).toContain(`搜索：“${word}”`);
    const byCoordinator = await filtered('coordinator');
    expect(byCoordinator.json<ExportJobView>()).toMatchObject({ total: 2 });

    const { job } = await waitFor('officer.hushu', byOfficer.json<ExportJobView>().id, [
      'SUCCEEDED',
      'FAILED',
    ]);
    expect(job.status).toBe('SUCCEEDED');
    const files = await unzip((await as('officer.hushu', { method: 'GET', url: job.file!.url })).rawPayload);
    expect([...files.keys()].some((path) => path.startsWith(`${own.number}/`))).toBe(true);
    expect([...files.keys()].some((path) => path.startsWith(`${other.number}/`))).toBe(false);
    await waitFor('coordinator', byCoordinator.json<ExportJobView>().id, ['SUCCEEDED', 'FAILED']);

    // An officer cannot name another unit's item; a filter that finds nothing is refused.
    const foreign = await as('officer.hushu', {
      method: 'POST',
      url: '/api/exports/case-files',
      payload: { itemIds: [own.id, other.id] },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().message).toContain(other.id);
    expect(foreign.json().message).not.toContain(own.id);
    const none = await as('officer.banshan', {
      method: 'POST',
      url: '/api/exports/case-files',
      payload: { filters: { q: `${word} 湖墅` } },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('没有符合筛选条件的事项');
  });

  it('refuses an empty selection, one beyond the limit, and those who may not export', async () => {
    const post = (username: string, payload: unknown) =>
      as(username, { method: 'POST', url: '/api/exports/case-files', payload: payload as object });
    const jobs = await prisma().job.count();
    const empty = await post('auditor', { itemIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('请至少选择一个事项');
    const neither = await post('auditor', {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().message).toContain('二者选一');
    const tooMany = Array.from({ length: CASE_FILES_BATCH_MAX_ITEMS + 1 }, () => closed.id);
    const beyond = await post('auditor', { itemIds: tooMany });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.body).toContain(`一次最多导出 ${CASE_FILES_BATCH_MAX_ITEMS} 个事项的案卷`);
    const admin = await post('admin', { itemIds: [closed.id] });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().missingPermission).toBe('export:item:own-unit');
    expect(await prisma().job.count()).toBe(jobs);
  });

  it('answers 409 for a file not built yet, and fails a job whose worker died', async () => {
    const input = { selection: { itemIds: [closed.id] }, itemIds: [closed.id], description: '所选 1 项' };
    // A job being built right now elsewhere: its heart beats.
    const running = await prisma().job.create({
      data: {
        kind: 'case-files',
        status: 'RUNNING',
        total: 1,
        input,
        createdById: userIds.auditor!,
        startedAt: new Date(),
        heartbeatAt: new Date(),
      },
    });
    const early = await as('auditor', { method: 'GET', url: `/api/exports/jobs/${running.id}/download` });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('导出尚未完成');

    // What a process that crashed mid-job leaves: RUNNING, its heartbeat long stopped.
    const abandoned = await prisma().job.create({
      data: {
        kind: 'case-files',
        status: 'RUNNING',
        total: 1,
        progress: 0,
        input,
        createdById: userIds.auditor!,
        startedAt: new Date(Date.now() - 3_600_000),
        heartbeatAt: new Date(Date.now() - 3_600_000),
      },
    });
    const { job } = await waitFor('auditor', abandoned.id, ['FAILED', 'SUCCEEDED']);
    expect(job).toMatchObject({ status: 'FAILED', error: JOB_INTERRUPTED_MESSAGE, file: null });
    expect(await prisma().auditLog.count({ where: { action: 'job.fail', entityId: abandoned.id } })).toBe(1);
    const failed = await as('auditor', { method: 'GET', url: `/api/exports/jobs/${abandoned.id}/download` });
    expect(failed.statusCode).toBe(409);
    expect(failed.json().message).toContain('请重新发起导出');
    // The live one is left alone.
    expect((await prisma().job.findUniqueOrThrow({ where: { id: running.id } })).status).toBe('RUNNING');
    await prisma().job.update({ where: { id: running.id }, data: { status: 'FAILED', error: 'test done' } });
  });
});
