/**
 * The private line between therapists and supervisors: who may write on it and who receives a
 * message. Members are never among the recipients. Messages are not stored anywhere.
 */
import type { ErrorCode, StaffMessageView } from '@circle/shared';
import type { RoomState } from './room.js';
import { byId } from './roomState.js';

export type StaffLineDecision =
  { ok: true; message: StaffMessageView; recipients: string[] } | { ok: false; code: ErrorCode };

/** Every connected therapist and supervisor in the room except the sender (who gets the ack). */
export function staffRecipients(state: RoomState, exceptId?: string): string[] {
  return Object.values(state.participants)
    .filter(
      (p) =>
        (p.role === 'therapist' || p.role === 'supervisor') &&
        p.status === 'admitted' &&
        p.connected &&
        p.id !== exceptId,
    )
    .map((p) => p.id);
}

export function sendStaffMessage(
  state: RoomState,
  senderId: string,
  text: string,
  now: number,
  messageId: string,
): StaffLineDecision {
  const sender = byId(state.participants, senderId);
  if (!sender) return { ok: false, code: 'NOT_FOUND' };
  if (sender.role !== 'therapist' && sender.role !== 'supervisor') return { ok: false, code: 'FORBIDDEN' };
  if (sender.status !== 'admitted') return { ok: false, code: 'NOT_ADMITTED' };
  return {
    ok: true,
    message: { id: messageId, fromId: sender.id, fromRole: sender.role, text, at: now },
    recipients: staffRecipients(state, senderId),
  };
}
