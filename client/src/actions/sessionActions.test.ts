import { beforeEach, describe, expect, it } from 'vitest';
import { createSessionActions } from './sessionActions';
import { FakeSession, resetStores } from '../test/fakes';
import { useMediaStore } from '../stores/useMediaStore';

describe('session actions', () => {
  let session: FakeSession;
  let actions: ReturnType<typeof createSessionActions>;
  beforeEach(() => {
    resetStores();
    session = new FakeSession();
    actions = createSessionActions(session);
  });

  it('the microphone switch turns it on when it is off, and off when it is on', async () => {
    await actions.toggleMic();
    useMediaStore.setState({ micOn: true });
    await actions.toggleMic();
    expect(session.calls).toEqual([
      ['setMic', true],
      ['setMic', false],
    ]);
  });

  it('a refused microphone (not your turn) is reported to the caller', async () => {
    session.micAllowed = false;
    expect(await actions.toggleMic()).toBe(false);
  });

  it('the camera switch follows the camera’s state in the media store', async () => {
    useMediaStore.setState({ cameraOn: true });
    await actions.toggleCamera();
    expect(session.calls).toEqual([['setCamera', false]]);
  });

  it('"Listen only" is audio only and muted; "Audio only" and back are plain', async () => {
    await actions.listenOnly();
    await actions.setAudioOnly(false);
    await actions.setAudioOnly(true);
    expect(session.calls).toEqual([
      ['setAudioOnly', true, { listenOnly: true }],
      ['setAudioOnly', false],
      ['setAudioOnly', true],
    ]);
  });

  it('entering the room joins its media, then names who wrote before this person arrived', () => {
    actions.enterRoom();
    expect(session.calls).toEqual([['joinMedia'], ['roomOnScreen']]);
  });

  it('devices are chosen by kind', async () => {
    await actions.chooseMicrophone('mic-2');
    await actions.chooseCamera('cam-3');
    expect(session.calls).toEqual([
      ['chooseDevice', 'audioinput', 'mic-2'],
      ['chooseDevice', 'videoinput', 'cam-3'],
    ]);
  });

  it('a tile reports its size for the participant it shows', () => {
    actions.reportTileView('p1', { width: 640, height: 360, visible: true });
    expect(session.calls).toEqual([['setTileView', 'p1', { width: 640, height: 360, visible: true }]]);
  });

  it('the connection check answers with the verdict', async () => {
    const result = await actions.checkConnection();
    expect(result.verdict.level).toBe('good');
    expect(session.calls).toEqual([['connectionCheck']]);
  });

  it('connecting, leaving and rejoining reach the room client; "Rejoin" is offered only when it can work', async () => {
    actions.connect('t1');
    await actions.leave();
    expect(actions.canRejoin()).toBe(false);
    session.canRejoin = true;
    expect(actions.canRejoin()).toBe(true);
    actions.rejoin();
    actions.disconnect();
    expect(session.calls).toEqual([['connect', 't1'], ['leave'], ['rejoin'], ['disconnect']]);
  });

  it('the invitation token is this tab’s', () => {
    expect(actions.inviteToken()).toBe('invite-token');
    session.token = null;
    expect(actions.inviteToken()).toBeNull();
  });
});
