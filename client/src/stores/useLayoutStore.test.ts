import { beforeEach, describe, expect, test } from 'vitest';
import { loadSelfView, personKey, setSelfView, useLayoutStore } from './useLayoutStore';

/** A Storage of this test's own (the client tests run in Node, without localStorage). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('hide self-view is remembered per person on this device', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', { value: memoryStorage(), configurable: true });
  });

  test('a person who hid their self-view and moved it finds it so in the next session', () => {
    const robin = personKey({ role: 'member', displayName: 'Robin' });
    loadSelfView(robin);
    setSelfView({ hidden: true, corner: 'top-left' });
    useLayoutStore.setState({ selfViewHidden: false, selfViewCorner: 'bottom-right' });
    loadSelfView(robin);
    expect(useLayoutStore.getState()).toMatchObject({ selfViewHidden: true, selfViewCorner: 'top-left' });
  });

  test('someone else on the same device starts with their self-view shown', () => {
    loadSelfView(personKey({ role: 'member', displayName: 'Robin' }));
    setSelfView({ hidden: true });
    loadSelfView(personKey({ role: 'member', displayName: 'Sam' }));
    expect(useLayoutStore.getState()).toMatchObject({ selfViewHidden: false, selfViewCorner: 'bottom-right' });
  });

  test('a damaged entry leaves the defaults', () => {
    localStorage.setItem('circle.selfView.member:Ana', '{not json');
    loadSelfView('member:Ana');
    expect(useLayoutStore.getState().selfViewHidden).toBe(false);
  });
});
