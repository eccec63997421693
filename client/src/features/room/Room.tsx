import { lazy, Suspense, useEffect } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { useMediaStore } from '../../stores/useMediaStore';
import { endBreak, enterRoom } from '../../actions';
import { displayNameOf, participantsOf } from '../../stores/roster';
import { Tile } from './Tile';
import { Controls } from './Controls';
import { SpeakingBar } from './SpeakingBar';
import { AgendaBar } from '../agenda/AgendaBar';
import { ChatPanel } from '../chat/ChatPanel';
import { PairsBanner } from '../pairs/PairsBanner';
// Staff tools (agenda editor, supervisor charts…) load only for therapists and supervisors.
const StaffPanel = lazy(() => import('../staff/StaffPanel').then((m) => ({ default: m.StaffPanel })));
import { AudioOnlyBanner } from '../network/AudioOnlyBanner';
import { useScreenHeading } from '../../ui/useScreenHeading';

export function Room() {
  const view = useRoomStore((s) => s.view);
  const problem = useMediaStore((s) => s.problem);
  const heading = useScreenHeading();

  useEffect(() => {
    enterRoom();
  }, []);

  if (!view) return null;
  const staff = view.you.role !== 'member';
  const admitted = participantsOf(view).filter((p) => p.status === 'admitted');
  const people = admitted.filter((p) => !p.away);
  const away = admitted.filter((p) => p.away);
  const onBreakScreen = view.onBreak && !view.you.inSideRoom && view.you.role === 'member';
  // Therapists first, then members; the supervisor is listed, never hidden.
  const order = { therapist: 0, member: 1, supervisor: 2 } as const;
  people.sort((a, b) => order[a.role] - order[b.role] || a.displayName.localeCompare(b.displayName));

  return (
    <div className={`room${staff ? ' with-panel' : ''}`}>
      <main className="stage" aria-labelledby="room-title">
        <h1 id="room-title" className="visually-hidden" tabIndex={-1} ref={heading}>
          {view.title}
        </h1>
        <AgendaBar />
        <PairsBanner />
        <SpeakingBar />
        <AudioOnlyBanner />
        {problem !== 'none' && view.you.role !== 'supervisor' && (
          <p className="warning" role="status">
            {problem === 'no-devices'
              ? 'You are listening only: your camera and microphone are not available.'
              : problem === 'no-camera'
                ? 'Audio only: your camera is not available.'
                : 'Your microphone is not available: others cannot hear you.'}
          </p>
        )}
        <SpaceBanner />
        {staff && <BreakBanner />}
        {onBreakScreen ? (
          <BreakScreen cause={view.breakCause} />
        ) : (
          <ul className="grid" aria-label="Participants" data-count={people.length}>
            {people.map((p) => (
              <Tile key={p.id} participant={p} self={p.id === view.you.id} />
            ))}
          </ul>
        )}
        {away.length > 0 && !view.you.inSideRoom && (
          <p className="hint">Stepped out: {away.map((p) => p.displayName).join(', ')}</p>
        )}
        <Controls />
        <ChatPanel />
      </main>
      {staff && (
        <Suspense fallback={<aside className="panel" aria-busy="true" aria-label="Loading tools" />}>
          <StaffPanel />
        </Suspense>
      )}
    </div>
  );
}

function nameList(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Where the viewer is, said truthfully: in a practice pair (with whom, and who is visiting), or in a
 * private room (with whom). With the group, nothing needs saying.
 */
function SpaceBanner() {
  const view = useRoomStore((s) => s.view);
  if (!view) return null;
  const space = view.you.space;
  if (space.kind === 'main') return null;
  const nameOf = (id: string) => displayNameOf(view, id) ?? 'someone';
  const roleOf = (id: string) => participantsOf(view).find((p) => p.id === id)?.role;
  if (space.kind === 'pair') {
    const pair = view.pairs?.groups.find((g) => g.id === space.pairId)?.memberIds ?? [];
    const partners = space.withIds.filter((id) => pair.includes(id)).map(nameOf);
    const visitors = space.withIds.filter((id) => !pair.includes(id) && roleOf(id) !== 'member');
    if (view.you.role !== 'member') {
      return (
        <p className="banner space-banner" role="status">
          You are visiting the pair of {nameList(pair.map(nameOf))}. They can see and hear you; the rest of the group
          cannot.
        </p>
      );
    }
    // The pairs banner already names the partner and the time left; say who else is here, if anyone.
    return visitors.length > 0 ? (
      <p className="banner space-banner" role="status">
        {nameList(visitors.map(nameOf))} ({roleOf(visitors[0]!) === 'supervisor' ? 'supervisor' : 'therapist'}) is
        listening in to your pair{partners.length ? ` with ${nameList(partners)}` : ''}.
      </p>
    ) : null;
  }
  const others = space.withIds.map(nameOf);
  return (
    <p className="banner space-banner" role="status">
      {view.you.role === 'member'
        ? `You are in a private room with ${nameList(others) || 'your therapist'}. The rest of the group cannot see or hear you.`
        : `Private room with ${nameList(others) || 'no one yet'}. The group cannot see or hear you.${
            view.onBreak && view.breakCause === 'side-room'
              ? ' The group is on a short break until you return to it.'
              : ''
          }`}
    </p>
  );
}

/** Staff with the group during a break: what members see, and the way to end it. */
function BreakBanner() {
  const view = useRoomStore((s) => s.view);
  if (!view?.onBreak || view.you.space.kind !== 'main') return null;
  const therapist = view.you.role === 'therapist';
  return (
    <section className="banner break-banner" aria-labelledby="break-banner-title">
      <h2 id="break-banner-title" className="small">
        The group is on a short break
      </h2>
      <p>
        Members see a break screen instead of the group and are muted. The agenda and the turn timer are paused until
        the break ends.
        {view.breakCause === 'side-room' && ' It ends by itself when the private room closes.'}
      </p>
      {therapist && (
        <button type="button" className="primary" onClick={() => void endBreak()}>
          End the break
        </button>
      )}
    </section>
  );
}

function BreakScreen({ cause }: { cause: 'therapist' | 'side-room' | null }) {
  const heading = useScreenHeading();
  return (
    <section className="break-screen" aria-labelledby="break-title">
      <h2 id="break-title" tabIndex={-1} ref={heading}>
        Short break
      </h2>
      <p>
        {cause === 'side-room'
          ? 'Your therapist has stepped out for a moment. The group continues when they are back.'
          : 'The group is taking a short break. Your therapist will bring everyone back shortly.'}{' '}
        Your microphone is muted.
      </p>
      <p className="hint">If you need help now, the Crisis support button is at the top of the screen.</p>
    </section>
  );
}
