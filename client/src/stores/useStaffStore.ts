/**
 * The staff pages' state: which page this tab shows (its path), who is signed in, and a message
 * the next page shows (why a sign-in ended). Lists (sessions, staff, the audit log) belong to the
 * page that shows them and are loaded through the staff actions.
 */
import { create } from 'zustand';
import type { Me } from '@circle/shared';

/** The staff pages, by path. Any other path is the room (`/join#token` and the welcome page). */
export const StaffPath = {
  signIn: '/signin',
  setup: '/setup',
  setPassword: '/set-password',
  home: '/home',
} as const;
export type StaffPath = (typeof StaffPath)[keyof typeof StaffPath];

const PATHS: ReadonlySet<string> = new Set(Object.values(StaffPath));
export function isStaffPath(path: string): path is StaffPath {
  return PATHS.has(path);
}

/** A group's page under the staff app: `/groups/<id>`. */
export type GroupPath = `/groups/${string}`;
const GROUP_PATH = /^\/groups\/([^/]+)\/?$/;
export function groupPath(id: string): GroupPath {
  return `/groups/${encodeURIComponent(id)}`;
}
/** The group id of a `/groups/<id>` path; null for any other path. */
export function groupIdOf(path: string): string | null {
  const m = GROUP_PATH.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}
/** Any page of the staff app (the fixed pages and each group's page). */
export type StaffAppPath = StaffPath | GroupPath;
export function isStaffAppPath(path: string): path is StaffAppPath {
  return isStaffPath(path) || groupIdOf(path) !== null;
}

/** The member's page of a group: `/g#<token>` (no account). */
export const MEMBER_PATH = '/g';

export type AccountStatus = 'unknown' | 'signedIn' | 'signedOut';

export interface StaffState {
  path: string;
  me: Me | null;
  status: AccountStatus;
  /** Shown once by the sign-in page (e.g. "Your sign-in has ended"). */
  notice: string | null;
}

export const useStaffStore = create<StaffState>(() => ({
  path: typeof window === 'undefined' ? '/' : window.location.pathname,
  me: null,
  status: 'unknown',
  notice: null,
}));
