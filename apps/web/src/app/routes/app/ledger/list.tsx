import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { LedgerList } from '@/features/ledger/components/ledger-list';
import { useUnits } from '@/features/units/api/get-units';

export default function LedgerListRoute() {
  const { data: user } = useSession();
  // Filtering by unit matters to those who see every unit's items; others see their own unit's only.
  const seesAllUnits = holdsAny(user, ['read:item:any']);
  const canRegister = holdsAny(user, ['create:item:any']);
  const canBulkUpdate = holdsAny(user, ['bulk-update:item:any']);
  const units = useUnits({ enabled: seesAllUnits || canBulkUpdate });

  return (
    <LedgerList
      units={seesAllUnits ? units.data : undefined}
      canRegister={canRegister}
      bulkUpdate={canBulkUpdate ? { units: units.data ?? [], unitsLoading: units.isPending } : undefined}
    />
  );
}
