/** Instants shown as the ledger keeps its dates (China Standard Time): one formatting with the documents. */
import { formatDate } from '@ledger/domain/format';

export { formatDate, formatDateTime, formatTime } from '@ledger/domain/format';

/** Today's date in the ledger's time zone (YYYY-MM-DD): what "today" means for reports and deadlines. */
export const ledgerToday = (): string => formatDate(new Date());
