/**
 * Where the files an export makes are downloaded. Plain addresses, not fetches: the browser
 * downloads them with the session cookie, streams them to disk whatever their size, and names
 * them as the server's Content-Disposition says. The server writes an audit record of each.
 */
import { listItemsSearch, type ListItemsQuery } from '@ledger/domain/items';

/**
 * GET /api/exports/ledger.xlsx with the ledger list's filters and its sorting, written as the
 * list's address writes them: the workbook holds every row the list finds, in the list's order.
 */
export function ledgerWorkbookUrl(filters: Partial<ListItemsQuery>): string {
  const { page: _page, pageSize: _pageSize, ...wanted } = filters;
  const search = listItemsSearch(wanted).toString();
  return `/api/exports/ledger.xlsx${search ? `?${search}` : ''}`;
}

/** 销号报告 (PDF) of one item. */
export const closureReportUrl = (itemId: string) =>
  `/api/items/${encodeURIComponent(itemId)}/closure-report.pdf`;

/** 案卷 (ZIP: the report, the evidence files, the audit records, a manifest) of one item. */
export const caseFileUrl = (itemId: string) => `/api/items/${encodeURIComponent(itemId)}/case-file.zip`;
