import { paths } from '@/config/paths';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { BulletinsPage } from '@/features/bulletins/components/bulletins-page';

export default function BulletinsRoute() {
  const { data: user } = useSession();
  return (
    <BulletinsPage title={paths.bulletins.label} canGenerate={holdsAny(user, ['generate:bulletin:any'])} />
  );
}
