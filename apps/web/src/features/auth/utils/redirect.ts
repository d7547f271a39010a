import { paths } from '@/config/paths';

/**
 * The page to return to after login, from `?next=`. Only a path on this site is accepted: a
 * link to /login?next=https://elsewhere must not send a freshly logged-in user away.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** The login address that brings the user back to `location` afterwards. */
export function loginPathFor(location: { pathname: string; search: string }): string {
  const here = `${location.pathname}${location.search}`;
  return here === paths.home.path ? paths.login.path : `${paths.login.path}?next=${encodeURIComponent(here)}`;
}
