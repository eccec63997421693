/**
 * Who is in the room, typed for the one reading it. The server sends members the public view of
 * each participant and staff the detailed one (`RoomView.participants` is either list); these
 * selectors give each reader the list it may rely on, checked per person rather than cast.
 */
import type { ParticipantDetailView, ParticipantView, RoomView } from '@circle/shared';

/** Everyone the viewer may see, with what everyone may see about them. */
export function participantsOf(view: RoomView): readonly ParticipantView[] {
  return view.participants;
}

/** Sent with the details only therapists and supervisors see (check-in, talk time, reconnects…). */
export function hasDetails(p: ParticipantView): p is ParticipantDetailView {
  return 'talkMs' in p && 'checkIn' in p;
}

/** Staff: everyone, with details. A member's view carries none, so for them this is empty. */
export function participantDetails(view: RoomView): ParticipantDetailView[] {
  return view.you.role === 'member' ? [] : participantsOf(view).filter(hasDetails);
}

/** The name a participant goes by in this room, if the viewer can see them. */
export function displayNameOf(view: RoomView, participantId: string): string | undefined {
  return participantsOf(view).find((p) => p.id === participantId)?.displayName;
}
