import { useParams } from 'react-router';

import { ImportsPage } from '@/features/imports/components/imports-page';

export default function ImportsRoute() {
  const { importId } = useParams();
  return <ImportsPage importId={importId} />;
}
