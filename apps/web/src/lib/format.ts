/** Instants shown as the ledger keeps its dates (China Standard Time): one formatting with the documents. */
import { formatDate } from '@ledger/domain/format';

export { formatDate, formatDateTime, formatTime } from '@ledger/domain/format';

/** Today's date in the ledger's time zone (YYYY-MM-DD): what "today" means for reports and deadlines. */
export const ledgerToday = (): string => formatDate(new Date());

/** A file's size as people read it: 812 B, 34 KB, 2.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
