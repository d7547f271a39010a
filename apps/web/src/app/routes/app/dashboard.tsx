import { paths } from '@/config/paths';
import { Dashboard } from '@/features/dashboard/components/dashboard';

export default function DashboardRoute() {
  return <Dashboard title={paths.dashboard.label} />;
}
