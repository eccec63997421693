/**
 * The actions components call, bound to the one room client and the HTTP API. Components import
 * from here (or from hooks beside their feature), never from net/: see eslint.config.js.
 */
import { roomClient } from '../net/RoomClient';
import { createApi } from '../net/api';
import { createHttpActions } from './httpActions';
import { createStaffApi } from '../net/staffApi';
import { type StaffNavigator, createStaffActions } from './staffActions';
import { useStaffStore } from '../stores/useStaffStore';
import { createGroupApi } from '../net/groupApi';
import { createMemberApi } from '../net/memberApi';
import { createGroupActions } from './groupActions';
import { createMemberActions } from './memberActions';

export * from './room';
export type { RecordFormat } from './httpActions';
export type { NewSession, SignInResult, StaffResult } from './staffActions';
export { SSO_OUTCOME_ALERT, passwordHint } from './staffActions';
export type { MemberResult } from './memberActions';
export { groupFieldText } from './groupActions';

/** A download the browser saves under `name`. */
function saveFile(name: string, file: Blob): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const api = createApi({ fetch: (url, init) => fetch(url, init), token: () => roomClient.token });

export const { invite, revokeInvite, downloadRecord } = createHttpActions({ api, saveFile });

/** This tab between the staff pages (the History API) and, to enter a room, to its address. */
const staffNav: StaffNavigator = {
  go(path, options) {
    if (window.location.pathname !== path || window.location.hash) {
      if (options?.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    useStaffStore.setState({ path });
  },
  open(url) {
    // The room is on this origin (the sign-in cookie is): its path and fragment, whatever host the
    // server's PUBLIC_URL names (a proxy, another port).
    const target = new URL(url, window.location.origin);
    window.location.assign(`${target.pathname}${target.search}${target.hash}`);
  },
};

/** Back and forward between the staff pages. Returns the unsubscribe. */
export function followHistory(): () => void {
  const onPop = () => useStaffStore.setState({ path: window.location.pathname });
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}

const LINK_KEY = 'circle.staffLink:';
/**
 * The token of a /setup, /set-password or /g link (its #fragment), taken out of the address bar
 * and history at once and kept for this tab only, so a reload still works.
 */
export function takeLinkToken(): string | null {
  const key = LINK_KEY + window.location.pathname;
  const hash = window.location.hash.slice(1);
  if (hash) {
    sessionStorage.setItem(key, hash);
    history.replaceState(null, '', window.location.pathname);
    return hash;
  }
  return sessionStorage.getItem(key);
}

export const {
  signIn,
  setUp,
  setPassword,
  loadMe,
  signOut,
  loadMySessions,
  loadLiveSessions,
  observeSession,
  createSession,
  startSession,
  loadSession,
  inviteMember,
  revokeInvite: revokeSessionInvite,
  downloadRecord: downloadSessionRecord,
  loadStaff,
  addStaff,
  disableStaff,
  resetStaffAccess,
  loadAudit,
  loadAuthOptions,
  loadSsoRequests,
  approveSso,
  declineSso,
  loadApiTokens,
  createApiToken,
  revokeApiToken,
  loadTotpStatus,
  startTotp,
  confirmTotp,
  disableTotp,
  loadClinicSettings,
  setRequireTotp,
} = createStaffActions({
  api: createStaffApi({ fetch: (url, init) => fetch(url, init) }),
  nav: staffNav,
  saveFile,
});

export const {
  loadGroups,
  createGroup,
  openGroup,
  backHome,
  loadGroup,
  updateGroup,
  moveOccurrence,
  cancelOccurrence,
  restoreOccurrence,
  startOccurrence,
  addGroupMember,
  setMemberStatus,
  loadMemberLink,
  newMemberLink,
  revokeMemberLink,
  loadAttendance,
  correctAttendance,
  downloadAttendanceCsv,
  loadProgressNote,
  saveProgressNote,
} = createGroupActions({
  api: createGroupApi({ fetch: (url, init) => fetch(url, init) }),
  nav: staffNav,
  saveFile,
});

/**
 * The member's personal link token (`/g#<token>`): taken out of the address bar and history at once
 * and kept for this tab only (as a /join link is), so a reload of the page still works.
 */
export const takeMemberToken = takeLinkToken;

export const { loadMemberPage, downloadCalendar, cantMakeIt, setReminders, joinWaitingRoom } = createMemberActions({
  api: createMemberApi({ fetch: (url, init) => fetch(url, init) }),
  open: (url) => staffNav.open(url),
  saveFile,
});
