import type { LedgerDrillDown } from '@ledger/domain/dashboard';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';

import { ledgerHref } from '@/lib/ledger-address';

/** How a figure is read out: 逾期 12 项. */
const spoken = (label: string, value: number, unit: string) => `${label} ${value} ${unit}`;

type FigureProps = {
  label: string;
  value: number;
  /** the ledger rows the number counts */
  filters: LedgerDrillDown;
  /** 项 for items, 件 for petition cases */
  unit?: string;
  color?: string;
};

/** A number that opens the ledger with exactly the rows it counts. */
export function FigureLink({
  label,
  value,
  filters,
  unit = '项',
  style,
}: FigureProps & { style?: CSSProperties }) {
  return (
    <Link to={ledgerHref(filters)} aria-label={spoken(label, value, unit)} style={style}>
      {value}
    </Link>
  );
}

/** A figure as a tile (label above, number below), the whole tile a link to its rows. */
export function FigureTile({ label, value, filters, unit = '项', color }: FigureProps) {
  return (
    <Link to={ledgerHref(filters)} className="dashboard-figure" aria-label={spoken(label, value, unit)}>
      <span className="dashboard-figure-label">{label}</span>
      {/* A zero is not alarming, whatever it counts. */}
      <span className="dashboard-figure-value" style={color && value > 0 ? { color } : undefined}>
        {value}
      </span>
    </Link>
  );
}
