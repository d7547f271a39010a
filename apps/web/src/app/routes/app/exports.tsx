import { ExportsPage } from '@/features/exports/components/exports-page';

export default function ExportsRoute() {
  return <ExportsPage />;
}
