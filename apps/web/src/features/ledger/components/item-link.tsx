import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';

import { itemPath } from '@/config/paths';

/** What a link from the list tells the item page: the way back is one step back in history. */
export type FromLedgerState = { fromLedger: true };

export function ItemLink({
  id,
  children,
  style,
}: {
  id: string;
  children: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <Link to={itemPath(id)} state={{ fromLedger: true } satisfies FromLedgerState} style={style}>
      {children}
    </Link>
  );
}

export const cameFromLedger = (state: unknown): boolean =>
  typeof state === 'object' && state !== null && (state as Partial<FromLedgerState>).fromLedger === true;
