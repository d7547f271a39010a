import { useParams } from 'react-router';

import { paths } from '@/config/paths';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { ItemDownloads } from '@/features/exports/components/item-downloads';
import { useItem } from '@/features/ledger/api/get-item';
import { ItemDetails } from '@/features/ledger/components/item-details';
import { ItemSupervisionCard } from '@/features/supervision/components/item-supervision-card';
import { useUnits } from '@/features/units/api/get-units';

export default function LedgerItemRoute() {
  const { itemId = '' } = useParams();
  const { data: user } = useSession();
  // Whoever reads the item and may export takes its report and case file (own-unit scope = read scope).
  const canExport = holdsAny(user, paths.exports.anyOf);
  // The edit form chooses among units; only those whom the item allows to edit it need them.
  const item = useItem(itemId);
  const units = useUnits({ enabled: item.data?.allowedActions.includes('update') ?? false });
  // A new key per item: nothing typed into one item's form carries over to the next.
  return (
    <ItemDetails
      key={itemId}
      itemId={itemId}
      units={units.data}
      supervision={(detail) => <ItemSupervisionCard item={detail} />}
      downloads={canExport ? (detail) => <ItemDownloads itemId={detail.id} /> : undefined}
    />
  );
}
