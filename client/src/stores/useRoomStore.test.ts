import { beforeEach, describe, expect, it } from 'vitest';
import { dismissNotice, pushNotice, useRoomStore } from './useRoomStore';
import { resetStores } from '../test/fakes';

const texts = () => useRoomStore.getState().notices.map((n) => n.text);

describe('notices', () => {
  beforeEach(resetStores);

  it('shows two at most: the oldest gives way, so the room stays in view', () => {
    pushNotice('floor-given', 'one');
    pushNotice('error', 'two');
    pushNotice('message', 'three');
    expect(texts()).toEqual(['two', 'three']);
    expect(useRoomStore.getState().notices.map((n) => n.kind)).toEqual(['error', 'message']);
  });

  it('each notice has its own id, so a dismissal removes only that one', () => {
    pushNotice('error', 'same');
    pushNotice('error', 'same');
    const [first, second] = useRoomStore.getState().notices;
    expect(first?.id).not.toBe(second?.id);
    dismissNotice(first!.id);
    expect(useRoomStore.getState().notices).toEqual([second]);
  });

  it('dismissing a notice that is gone changes nothing', () => {
    pushNotice('error', 'one');
    dismissNotice(-1);
    expect(texts()).toEqual(['one']);
  });
});
