import { useSearchParams } from 'react-router';

import { paths } from '@/config/paths';

import type { SessionUser } from '../api/get-session';

/**
 * The page to return to after login, from `?next=`. Only a path on this site is accepted: a
 * link to /login?next=https://elsewhere must not send a freshly logged-in user away.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** The page the login pages return to afterwards: their own `?next=`, checked by {@link safeNext}. */
export function useNextPath(): string {
  const [searchParams] = useSearchParams();
  return safeNext(searchParams.get('next'));
}

const withNext = (path: string, next: string) =>
  next === paths.home.path ? path : `${path}?next=${encodeURIComponent(next)}`;

/** The login address that brings the user back to `location` afterwards. */
export function loginPathFor(location: { pathname: string; search: string }): string {
  return withNext(paths.login.path, `${location.pathname}${location.search}`);
}

/**
 * Where a session that still owes a step of its login must go before `next`, or null when it owes
 * none. The order is the API's: the second factor (its code on the login page, or binding an
 * authenticator) before a pending password change, which the password alone must not unlock.
 */
export function pendingStepPath(user: SessionUser, next: string): string | null {
  if (user.secondFactor === 'verify') return withNext(paths.login.path, next);
  if (user.secondFactor === 'enrol') return withNext(paths.secondFactor.path, next);
  if (user.mustChangePassword) return withNext(paths.changePassword.path, next);
  return null;
}
