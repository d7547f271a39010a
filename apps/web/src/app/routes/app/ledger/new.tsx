import { NewItem } from '@/features/ledger/components/new-item';
import { useUnits } from '@/features/units/api/get-units';

export default function NewLedgerItemRoute() {
  const units = useUnits();
  return <NewItem units={units.data ?? []} unitsLoading={units.isPending} />;
}
