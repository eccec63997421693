import { beforeEach, describe, expect, it } from 'vitest';
import { patchRemote, useMediaStore } from './useMediaStore';
import { resetStores } from '../test/fakes';

const remote = () => useMediaStore.getState().remote;

describe('media store: what arrives from each participant', () => {
  beforeEach(resetStores);

  it('a participant first heard of starts with no tracks and their video not paused', () => {
    patchRemote('p1', { videoPaused: true });
    expect(remote()).toEqual({ p1: { audio: null, video: null, videoPaused: true } });
  });

  it('a later change keeps what it does not mention', () => {
    patchRemote('p1', { videoPaused: true });
    patchRemote('p1', { audio: null });
    expect(remote().p1?.videoPaused).toBe(true);
  });

  it('a change for one participant leaves the others as they were', () => {
    patchRemote('p1', { videoPaused: true });
    patchRemote('p2', { video: null });
    expect(remote()).toEqual({
      p1: { audio: null, video: null, videoPaused: true },
      p2: { audio: null, video: null, videoPaused: false },
    });
  });

  it('a fresh page starts muted, camera off, nothing joined', () => {
    expect(useMediaStore.getState()).toMatchObject({ micOn: false, cameraOn: false, joined: false, remote: {} });
  });
});
