/**
 * The browser's room view from the wire: a full state is shown, patches in order are shown applied,
 * and a patch that skips a version asks the server for the whole room once, showing nothing stale.
 */
import { describe, expect, it } from 'vitest';
import { type Ack, type RoomView, diffViews } from '@circle/shared';
import { RoomPatches } from './roomPatches';
import { roomView } from '../test/fakes';

const view = (over: Partial<RoomView> = {}): RoomView => roomView('member', { myCrisis: null, ...over });

function harness() {
  const shown: RoomView[] = [];
  const resyncs: ((a: Ack<null>) => void)[] = [];
  const patches = new RoomPatches({
    show: (v) => shown.push(v),
    resync: () => new Promise((resolve) => resyncs.push(resolve)),
  });
  return { patches, shown, resyncs };
}

describe('the room view from full states and patches', () => {
  it('shows the full state, then each patch applied in order', () => {
    const { patches, shown } = harness();
    const a = view();
    const b = view({ locked: true });
    const c = view({ locked: true, title: 'Thursday group' });
    patches.state(a, 10);
    patches.patch(diffViews(a, b, 10, 11)!);
    patches.patch(diffViews(b, c, 11, 12)!);
    expect(shown).toEqual([a, b, c]);
    expect(patches.version).toBe(12);
  });

  it('asks for the whole room once when a patch skips a version, and shows nothing until it comes', async () => {
    const { patches, shown, resyncs } = harness();
    const a = view();
    const b = view({ locked: true });
    const c = view({ locked: true, chatEnabled: false });
    patches.state(a, 10);
    patches.patch(diffViews(b, c, 11, 12)!);
    patches.patch(diffViews(c, a, 12, 13)!);
    expect(resyncs).toHaveLength(1);
    expect(shown).toEqual([a]);
    // The server sends the room, then acks.
    patches.state(a, 13);
    resyncs[0]!({ ok: true, data: null });
    patches.patch(diffViews(a, b, 13, 14)!);
    expect(shown).toEqual([a, a, b]);
  });

  it('a resync the server could not answer is asked again at the next patch', async () => {
    const { patches, resyncs } = harness();
    patches.state(view(), 10);
    patches.patch({ v: 12, base: 11, set: { locked: true } });
    resyncs[0]!({ ok: false, error: { code: 'UNAVAILABLE', message: 'later' } });
    await Promise.resolve();
    patches.patch({ v: 13, base: 12, set: { locked: false } });
    expect(resyncs).toHaveLength(2);
  });
});
