import { useParams } from 'react-router';

import { ItemDetails } from '@/features/ledger/components/item-details';

export default function LedgerItemRoute() {
  const { itemId = '' } = useParams();
  // A new key per item: nothing typed into one item's form carries over to the next.
  return <ItemDetails key={itemId} itemId={itemId} />;
}
