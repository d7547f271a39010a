import { PublicDisclosure } from '@/features/disclosure/components/public-disclosure';

/** 公开信息: open to everyone, no login (the API's /api/public routes need none either). */
export default function PublicRoute() {
  return <PublicDisclosure />;
}
