import { paths } from '@/config/paths';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { CaseFilesExportButton } from '@/features/exports/components/case-files-export-button';
import { LedgerWorkbookLink } from '@/features/exports/components/ledger-workbook-link';
import { LedgerList } from '@/features/ledger/components/ledger-list';
import { useUnits } from '@/features/units/api/get-units';

export default function LedgerListRoute() {
  const { data: user } = useSession();
  // Filtering by unit matters to those who see every unit's items; others see their own unit's only.
  const seesAllUnits = holdsAny(user, ['read:item:any']);
  const canRegister = holdsAny(user, ['create:item:any']);
  const canBulkUpdate = holdsAny(user, ['bulk-update:item:any']);
  // Exports reach what the user reads: a unit's users take out their own unit's items.
  const canExport = holdsAny(user, paths.exports.anyOf);
  const units = useUnits({ enabled: seesAllUnits || canBulkUpdate });
  // A unit's own users reach a unit filter only through their dashboard, which is their own unit.
  const ownUnit = user?.unitId && user.unitName ? [{ id: user.unitId, name: user.unitName }] : undefined;

  return (
    <LedgerList
      units={seesAllUnits ? units.data : undefined}
      unitNames={seesAllUnits ? units.data : ownUnit}
      canRegister={canRegister}
      bulkUpdate={canBulkUpdate ? { units: units.data ?? [], unitsLoading: units.isPending } : undefined}
      exports={
        canExport
          ? {
              workbook: (filters) => <LedgerWorkbookLink filters={filters} />,
              caseFiles: (batch) => <CaseFilesExportButton {...batch} />,
            }
          : undefined
      }
    />
  );
}
