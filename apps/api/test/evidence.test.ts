import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { addDays, toIsoDate } from '@ledger/domain/calendar';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadEnv } from '../src/env';
import {
  compoundFile,
  docx,
  exe,
  heic,
  hushuItems,
  jpeg,
  multipartForm,
  pdf,
  png,
  type FormFile,
} from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';

/** Small enough that a test can cross it without sending megabytes. */
const MAX_BYTES = 64 * 1024;

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe('evidence files (佐证材料)', () => {
  const context = useTestApp({ seed: true, evidenceMaxBytes: MAX_BYTES });
  const inject = (options: InjectOptions) => context.app.inject(options);
  let items: Awaited<ReturnType<typeof hushuItems>>;
  const sessions: Record<string, { cookie: string }> = {};
  let today: string;
  const daysFromToday = (days: number) => toIsoDate(addDays(context.app.ledgerToday(), days));

  beforeAll(async () => {
    today = daysFromToday(0);
    items = await hushuItems(context.db.prisma);
    for (const username of ['officer.hushu', 'officer.banshan', 'auditor', 'leader', 'admin']) {
      sessions[username] = await loginAs(context, username);
    }
  });

  const upload = (
    fields: Record<string, string>,
    files: FormFile[],
    { username = 'officer.hushu', itemId = items.open.id } = {},
  ) => {
    const form = multipartForm(fields, files);
    return inject({
      method: 'POST',
      url: `/api/items/${itemId}/evidence`,
      headers: { ...sessions[username]!, ...form.headers },
      payload: form.payload,
    });
  };

  /** Every file in the evidence folder, temp files included. */
  async function storedFiles(): Promise<string[]> {
    const entries = await readdir(context.evidenceDir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  }

  const uploadAudits = (outcome: 'SUCCESS' | 'FAILURE') =>
    context.db.prisma.auditLog.count({ where: { action: 'evidence.upload', outcome } });

  it.each([
    ['a JPEG photo', '整改后现场照片.jpg', jpeg, 'image/jpeg'],
    ['a PNG image', 'site-plan.png', png, 'image/png'],
    ['an iPhone HEIC photo', 'IMG_0412.HEIC', heic, 'image/heic'],
    ['a PDF', '验收报告.pdf', pdf, 'application/pdf'],
    [
      'a Word document',
      '整改方案.docx',
      docx,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['a legacy Word document', '会议纪要.doc', compoundFile, 'application/msword'],
  ])('stores %s by its sha256 with exactly one audit record', async (_kind, name, content, mediaType) => {
    const successes = await uploadAudits('SUCCESS');
    const response = await upload({ provesDate: today, description: '河道整治完成后拍摄' }, [
      { name, content, type: 'application/octet-stream' },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const view = response.json();
    expect(view).toMatchObject({
      fileName: name,
      sizeBytes: content.length,
      sha256: sha256(content),
      mediaType,
      provesDate: today,
      description: '河道整治完成后拍摄',
      progressEntryId: null,
      uploadedBy: { displayName: expect.stringContaining('湖墅街道') },
      url: `/api/items/${items.open.id}/evidence/${view.id}`,
    });

    const row = await context.db.prisma.evidenceFile.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.sha256).toBe(sha256(content));
    expect(row.storageKey).toBe(`sha256/${row.sha256.slice(0, 2)}/${row.sha256.slice(2, 4)}/${row.sha256}`);
    expect(row.storageKey).not.toContain(name);
    const stored = await readFile(join(context.evidenceDir, row.storageKey));
    expect(sha256(stored)).toBe(row.sha256);

    expect(await uploadAudits('SUCCESS')).toBe(successes + 1);
    const record = await context.db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'evidence.upload', entityId: view.id },
    });
    expect(record).toMatchObject({
      entityType: 'EvidenceFile',
      outcome: 'SUCCESS',
      after: { itemId: items.open.id, fileName: name, sha256: row.sha256, provesDate: today },
    });
    expect(await readdir(join(context.evidenceDir, 'tmp'))).toEqual([]);
  });

  it('streams a file back with identical bytes, its Chinese name, type and nosniff, audited as a read', async () => {
    const name = '拱墅区 整改(验收)报告.pdf';
    const created = await upload({ provesDate: today }, [{ name, content: pdf }]);
    expect(created.statusCode, created.body).toBe(201);
    const { id, url } = created.json();

    for (const username of ['officer.hushu', 'auditor', 'leader']) {
      const response = await inject({ method: 'GET', url, headers: sessions[username]! });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.rawPayload.equals(pdf)).toBe(true);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-length']).toBe(String(pdf.length));
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      const encoded = disposition.split("filename*=UTF-8''")[1]!;
      expect(encoded).not.toMatch(/[^A-Za-z0-9!#$&+\-.^_`|~%]/);
      expect(decodeURIComponent(encoded)).toBe(name);
    }

    const downloads = await context.db.prisma.auditLog.findMany({
      where: { action: 'evidence.download', entityId: id },
    });
    expect(downloads).toHaveLength(3);
    expect(downloads.every((record) => record.outcome === 'SUCCESS')).toBe(true);
  });

  it("answers 404 for a download of another unit's item, and for evidence of another item", async () => {
    const created = await upload({ provesDate: today }, [{ name: 'a.png', content: png }]);
    const { id } = created.json();
    const asBanshan = await inject({
      method: 'GET',
      url: `/api/items/${items.open.id}/evidence/${id}`,
      headers: sessions['officer.banshan']!,
    });
    expect(asBanshan.statusCode).toBe(404);
    const wrongItem = await inject({
      method: 'GET',
      url: `/api/items/${items.foreign.id}/evidence/${id}`,
      headers: sessions['auditor']!,
    });
    expect(wrongItem.statusCode).toBe(404);
  });

  it('links a file to a progress entry of the same item only', async () => {
    const progress = await inject({
      method: 'POST',
      url: `/api/items/${items.open.id}/progress`,
      headers: sessions['officer.hushu']!,
      payload: { reportedOn: today, content: '完成截污纳管', percent: 80 },
    });
    expect(progress.statusCode, progress.body).toBe(201);
    const entryId = progress.json().id;

    const linked = await upload({ provesDate: today, progressEntryId: entryId }, [
      { name: '截污纳管.jpg', content: jpeg },
    ]);
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().progressEntryId).toBe(entryId);
    const detail = await inject({
      method: 'GET',
      url: `/api/items/${items.open.id}`,
      headers: sessions['officer.hushu']!,
    });
    const reported = detail
      .json()
      .timeline.find((entry: { type: string; detail: string }) => entry.detail === '完成截污纳管');
    expect(reported.evidence).toEqual([linked.json()]);

    const otherEntry = await context.db.prisma.progressEntry.findFirstOrThrow({
      where: { itemId: { not: items.open.id } },
    });
    const refused = await upload({ provesDate: today, progressEntryId: otherEntry.id }, [
      { name: 'x.jpg', content: jpeg },
    ]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([{ field: 'body.progressEntryId', message: expect.any(String) }]);
  });

  describe('refusals leave no row and no file', () => {
    let rowsBefore: number;
    let filesBefore: string[];
    beforeAll(async () => {
      rowsBefore = await context.db.prisma.evidenceFile.count();
      filesBefore = await storedFiles();
    });
    const nothingWritten = async () => {
      expect(await context.db.prisma.evidenceFile.count()).toBe(rowsBefore);
      expect(await storedFiles()).toEqual(filesBefore);
    };

    it.each([
      ['an executable', exe],
      ['plain text', Buffer.from('这不是照片，是一段文字。')],
      ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['a plain zip', Buffer.from('PK\u0003\u0004')],
    ])('answers 415 for %s named .jpg, and audits the refusal', async (_kind, content) => {
      const failures = await uploadAudits('FAILURE');
      const response = await upload({ provesDate: today }, [
        { name: '现场照片.jpg', content, type: 'image/jpeg' },
      ]);
      expect(response.statusCode, response.body).toBe(415);
      expect(response.json().message).toContain('仅接受');
      await nothingWritten();
      expect(await uploadAudits('FAILURE')).toBe(failures + 1);
    });

    it('answers 415 for a compound file that is not named as an Office document (e.g. an installer)', async () => {
      const response = await upload({ provesDate: today }, [{ name: 'setup.msi', content: compoundFile }]);
      expect(response.statusCode).toBe(415);
      await nothingWritten();
    });

    it(`answers 413 for a file over the limit (${MAX_BYTES} bytes)`, async () => {
      const failures = await uploadAudits('FAILURE');
      const tooLarge = Buffer.concat([png, Buffer.alloc(MAX_BYTES + 1 - png.length)]);
      const response = await upload({ provesDate: today }, [{ name: 'huge.png', content: tooLarge }]);
      expect(response.statusCode, response.body).toBe(413);
      expect(response.json()).toMatchObject({ maxBytes: MAX_BYTES });
      expect(response.json().message).toContain('上限');
      await nothingWritten();
      expect(await uploadAudits('FAILURE')).toBe(failures + 1);
    });

    it('answers 400 for an empty file, a missing file, and two files at once', async () => {
      const empty = await upload({ provesDate: today }, [{ name: 'empty.jpg', content: Buffer.alloc(0) }]);
      expect(empty.statusCode).toBe(400);
      expect(empty.json().issues).toEqual([
        { field: 'body.file', message: expect.stringContaining('空文件') },
      ]);

      const missing = await upload({ provesDate: today }, []);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().issues[0].field).toBe('body.file');

      const two = await upload({ provesDate: today }, [
        { name: 'a.png', content: png },
        { name: 'b.jpg', content: jpeg },
      ]);
      expect(two.statusCode).toBe(400);
      await nothingWritten();
    });

    it.each([
      ['missing', () => ({})],
      ['not a date', () => ({ provesDate: '2026/11/01' })],
      ['impossible', () => ({ provesDate: '2026-02-30' })],
      ['in the future', () => ({ provesDate: daysFromToday(1) })],
    ])('answers 400 naming provesDate when it is %s', async (_case, fields) => {
      const response = await upload(fields(), [{ name: 'a.png', content: png }]);
      expect(response.statusCode).toBe(400);
      expect(response.json().issues.map((issue: { field: string }) => issue.field)).toEqual([
        'body.provesDate',
      ]);
      expect(response.json().message).toContain('证明日期');
      await nothingWritten();
    });

    it('answers 404 for an unknown item and an item of another unit, 403 naming the permission for a reader', async () => {
      const failures = await uploadAudits('FAILURE');
      for (const itemId of [items.foreign.id, '01890a5d-ac96-774b-bcce-b302099a8057']) {
        const response = await upload({ provesDate: today }, [{ name: 'a.png', content: png }], { itemId });
        expect(response.statusCode).toBe(404);
      }
      for (const username of ['auditor', 'admin']) {
        const response = await upload({ provesDate: today }, [{ name: 'a.png', content: png }], { username });
        expect(response.statusCode).toBe(403);
        expect(response.json().missingPermission).toBe('upload:evidence:own-unit');
      }
      await nothingWritten();
      // Refused before the upload was read: nothing about the file to record.
      expect(await uploadAudits('FAILURE')).toBe(failures);
    });

    it('answers 409 for a closed item and 415 for a body that is not multipart', async () => {
      const closed = await upload({ provesDate: today }, [{ name: 'a.png', content: png }], {
        itemId: items.closed.id,
      });
      expect(closed.statusCode).toBe(409);
      const json = await inject({
        method: 'POST',
        url: `/api/items/${items.open.id}/evidence`,
        headers: sessions['officer.hushu']!,
        payload: { provesDate: today },
      });
      expect(json.statusCode).toBe(415);
      await nothingWritten();
    });
  });

  it('accepts a file of exactly the limit, and keeps only the last segment of a path-like name', async () => {
    const content = Buffer.concat([png, Buffer.alloc(MAX_BYTES - png.length)]);
    const response = await upload({ provesDate: today }, [{ name: '..\\..\\etc\\整改.png', content }]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ fileName: '整改.png', sizeBytes: MAX_BYTES });
  });

  it('stores the same bytes once, however many times they are uploaded', async () => {
    const content = Buffer.concat([png, Buffer.from('same bytes twice')]);
    const first = await upload({ provesDate: today }, [{ name: '第一次.png', content }]);
    const second = await upload({ provesDate: today }, [{ name: '第二次.png', content }]);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.json().id);
    const copies = (await storedFiles()).filter((path) => path.endsWith(sha256(content)));
    expect(copies).toHaveLength(1);
    const download = await inject({ method: 'GET', url: second.json().url, headers: sessions['auditor']! });
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(decodeURIComponent(String(download.headers['content-disposition']).split("''")[1]!)).toBe(
      '第二次.png',
    );
  });
});

describe('evidence configuration', () => {
  it('defaults to 20 MiB per file under <DATA_DIR>/evidence, and takes both from the environment', () => {
    const defaults = loadEnv({}, '/srv/ledger');
    expect(defaults.EVIDENCE_MAX_BYTES).toBe(20 * 1024 * 1024);
    expect(defaults.evidenceDir).toBe('/srv/ledger/data/evidence');
    const set = loadEnv({ EVIDENCE_DIR: '/mnt/evidence', EVIDENCE_MAX_BYTES: '1048576' }, '/srv/ledger');
    expect(set).toMatchObject({ evidenceDir: '/mnt/evidence', EVIDENCE_MAX_BYTES: 1_048_576 });
    expect(existsSync('/srv/ledger/data/evidence')).toBe(false);
  });
});
