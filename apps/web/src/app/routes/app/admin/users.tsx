import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { useUnits } from '@/features/units/api/get-units';
import { UsersAdmin } from '@/features/users/components/users-admin';

export default function UsersRoute() {
  const { data: user } = useSession();
  const rights = {
    manage: holdsAny(user, ['manage:user:any']),
    unlock: holdsAny(user, ['unlock:user:any']),
    resetSecondFactor: holdsAny(user, ['reset:second-factor:any']),
  };
  // Only the account form picks a unit.
  const units = useUnits({ enabled: rights.manage });
  return <UsersAdmin units={units.data ?? []} rights={rights} viewerId={user?.id ?? ''} />;
}
