/**
 * Paging, the same for every list the API answers: `page` and `pageSize` in the query (the
 * largest page depends on who reads it), and `total`, `page`, `pageSize` beside the rows.
 */
import { z } from 'zod';

/** The query's page fields; `maxPageSize` bounds the work one request may ask for. */
export function pageQueryFields(maxPageSize: number) {
  return {
    page: z.coerce.number().int().min(1, '页码须为正整数').max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(maxPageSize, `每页最多 ${maxPageSize} 条`).default(20),
  };
}

/** The answer's page fields, beside its rows. */
export const pageFields = { total: z.number(), page: z.number(), pageSize: z.number() };
