import { useUnits } from '@/features/units/api/get-units';
import { UsersAdmin } from '@/features/users/components/users-admin';

export default function UsersRoute() {
  const units = useUnits();
  return <UsersAdmin units={units.data ?? []} />;
}
