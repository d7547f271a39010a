/**
 * Exports and imports through the pages (issue #6): an auditor takes out a closed item's closure
 * report, the filtered ledger and a batch of case files; the coordinator takes the ledger out and
 * brings the same file back in, which changes nothing.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { expect, test, type Download, type Page } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { expectNoSidewaysScroll, login, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const run = promisify(execFile);

/** Clicks what starts a download and waits for the file. */
async function download(page: Page, click: () => Promise<void>): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { file, bytes: await readFile((await file.path())!) };
}

test('the auditor downloads a closed item’s closure report, the filtered ledger and a batch of case files', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await login(page, 'auditor', '/ledger?status=CLOSED');
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();

  // 销号报告 of the first closed item.
  const firstNumber = (await rows.first().locator('td').nth(1).locator('a').textContent())!.trim();
  await rows.first().locator('td').nth(1).locator('a').click();
  await expect(page.getByText(firstNumber).first()).toBeVisible();
  const report = await download(page, () => page.getByRole('link', { name: /下载销号报告/ }).click());
  expect(report.file.suggestedFilename()).toBe(`销号报告-${firstNumber}.pdf`);
  expect(report.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { stdout: reportText } = await run('pdftotext', ['-enc', 'UTF-8', (await report.file.path())!, '-']);
  expect(reportText.replace(/\s+/g, '')).toContain(firstNumber);
  await screenshot(page, testInfo, 'item-downloads-desktop', { fullPage: false });

  // The ledger as filtered, as an Excel workbook.
  await page.goBack();
  await expect(page).toHaveURL('/ledger?status=CLOSED');
  const workbookLink = page.getByRole('link', { name: /导出 Excel/ });
  await expect(workbookLink).toHaveAttribute('href', '/api/exports/ledger.xlsx?status=CLOSED');
  const workbook = await download(page, () => workbookLink.click());
  expect(workbook.file.suggestedFilename()).toMatch(/^整改台账_.*\.xlsx$/);
  // An XLSX is a ZIP archive.
  expect(workbook.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  // Two chosen items' case files, packed in the background.
  const secondNumber = (await rows.nth(1).locator('td').nth(1).locator('a').textContent())!.trim();
  await page.getByRole('checkbox', { name: `选择 ${firstNumber}` }).check();
  await page.getByRole('checkbox', { name: `选择 ${secondNumber}` }).check();
  await page.getByRole('button', { name: /批量导出案卷（2）/ }).click();
  await expect(page.getByText('已开始导出案卷')).toBeVisible();
  await page.getByRole('button', { name: '查看导出记录' }).click();
  await expect(page).toHaveURL('/exports');

  const job = page.getByRole('listitem', { name: '所选 2 项' }).first();
  await expect(job.getByText('已完成')).toBeVisible({ timeout: 60_000 });
  await screenshot(page, testInfo, 'exports-desktop');
  const zip = await download(page, () => job.getByRole('link', { name: /下载 .*\.zip/ }).click());
  expect(zip.file.suggestedFilename()).toMatch(/\.zip$/);
  expect(zip.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
});

test('the coordinator exports the ledger and imports the same file: nothing to change, and the import completes', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await login(page, 'coordinator', '/ledger');
  const exported = await download(page, () => page.getByRole('link', { name: /导出 Excel/ }).click());
  expect(exported.file.suggestedFilename()).toMatch(/\.xlsx$/);

  await page.goto('/imports');
  await page.locator('input[type="file"]').setInputFiles({
    name: exported.file.suggestedFilename(),
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: exported.bytes,
  });
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 });

  const counts = page.getByRole('list', { name: '预览统计' });
  await expect(counts.getByRole('listitem', { name: '新增 0' })).toBeVisible();
  await expect(counts.getByRole('listitem', { name: '更新 0' })).toBeVisible();
  await expect(counts.getByRole('listitem', { name: '有错误 0' })).toBeVisible();
  await expect(counts.getByRole('listitem', { name: /^无变化 [1-9]\d*$/ })).toBeVisible();
  await expect(page.getByText('文件与台账一致，没有需要新增或更新的事项')).toBeVisible();
  await screenshot(page, testInfo, 'import-preview-desktop');

  // On a phone the preview fits the screen: rows as cards, nothing sticking out sideways.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await screenshot(page, testInfo, 'import-preview-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('button', { name: /确认导入/ }).click();
  await expect(page.getByText('已导入：新增 0 项，更新 0 项')).toBeVisible({ timeout: 60_000 });
  // A reload finds the same import, committed.
  await page.reload();
  await expect(page.getByText('已导入：新增 0 项，更新 0 项')).toBeVisible();
  await expect(page.getByRole('list', { name: '导入记录' }).getByText('已导入').first()).toBeVisible();
});
