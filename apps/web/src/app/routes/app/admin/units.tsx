import { UnitsAdmin } from '@/features/units/components/units-admin';

export default function UnitsRoute() {
  return <UnitsAdmin />;
}
