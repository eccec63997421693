import { describe, expect, it } from 'vitest';
import { detectSupport, supportMessage, type BrowserGlobals } from './browserSupport';

class FakePeerConnection {}
const codecs = (...mimeTypes: string[]) => ({ codecs: mimeTypes.map((mimeType) => ({ mimeType })) });
/** What Chromium and Firefox report here: Opus, VP8 (and more). */
const CURRENT: BrowserGlobals = {
  RTCPeerConnection: FakePeerConnection,
  RTCRtpSender: {
    getCapabilities: (kind) =>
      kind === 'audio' ? codecs('audio/opus', 'audio/PCMU') : codecs('video/VP8', 'video/VP9'),
  },
  navigator: { mediaDevices: { getUserMedia: () => undefined } },
  isSecureContext: true,
};

describe('what this browser can do for a video group', () => {
  it('a current browser can send and receive', () => {
    expect(detectSupport(CURRENT)).toEqual({ canReceive: true, canSend: true, gap: null });
  });

  it('no RTCPeerConnection (WebKitGTK without WebRTC): no video calls at all', () => {
    expect(detectSupport({ ...CURRENT, RTCPeerConnection: undefined })).toEqual({
      canReceive: false,
      canSend: false,
      gap: 'no-webrtc',
    });
  });

  it('H264 only (a Safari without VP8) is enough: the service forwards H264 too', () => {
    const safari: BrowserGlobals = {
      ...CURRENT,
      RTCRtpSender: { getCapabilities: (k) => (k === 'audio' ? codecs('audio/opus') : codecs('video/H264')) },
    };
    expect(detectSupport(safari).gap).toBeNull();
  });

  it.each<[string, BrowserGlobals['RTCRtpSender']]>([
    [
      'no video codec the service uses',
      { getCapabilities: (k) => (k === 'audio' ? codecs('audio/opus') : codecs('video/AV1')) },
    ],
    ['no Opus', { getCapabilities: (k) => (k === 'audio' ? codecs('audio/PCMU') : codecs('video/VP8')) }],
    ['no codecs at all', { getCapabilities: () => null }],
  ])('%s: cannot take part in sound and video', (_name, sender) => {
    expect(detectSupport({ ...CURRENT, RTCRtpSender: sender })).toEqual({
      canReceive: false,
      canSend: false,
      gap: 'no-codecs',
    });
  });

  it('a browser that cannot list its codecs is given the benefit of the doubt', () => {
    expect(detectSupport({ ...CURRENT, RTCRtpSender: undefined }).gap).toBeNull();
    expect(
      detectSupport({
        ...CURRENT,
        RTCRtpSender: {
          getCapabilities: () => {
            throw new Error('x');
          },
        },
      }).gap,
    ).toBeNull();
  });

  it('no getUserMedia (a page not on https, or an old browser): can watch and listen, not send', () => {
    expect(detectSupport({ ...CURRENT, navigator: {} })).toEqual({
      canReceive: true,
      canSend: false,
      gap: 'no-devices',
    });
    expect(detectSupport({ ...CURRENT, navigator: { mediaDevices: {} } }).gap).toBe('no-devices');
  });

  it('WebRTC is checked before codecs and devices', () => {
    expect(detectSupport({ navigator: {} }).gap).toBe('no-webrtc');
  });
});

describe('what the person is told', () => {
  it.each(['no-webrtc', 'no-codecs'] as const)(
    '%s: names the browsers that work and keeps crisis support and the therapist',
    (gap) => {
      const m = supportMessage(gap);
      const text = [m.headline, ...m.body].join(' ');
      expect(text).toMatch(/Chrome, Edge or Firefox/);
      expect(text).toMatch(/Safari 16\.4/);
      expect(text).toMatch(/Crisis support/);
      expect(text).toMatch(/private message/);
      expect(text).not.toMatch(/network/);
    },
  );

  it('no devices over http says to use the link as received, not another browser', () => {
    expect(supportMessage('no-devices', false).body.join(' ')).toMatch(/secure \(https\) link/);
    expect(supportMessage('no-devices', true).body.join(' ')).toMatch(/Chrome, Edge or Firefox/);
  });

  it('in the room: what it means now, where to go instead, and that Messages and Crisis support still work', () => {
    for (const gap of ['no-webrtc', 'no-codecs', 'no-devices'] as const) {
      const { inRoom } = supportMessage(gap);
      expect(inRoom).toMatch(/Chrome, Edge or Firefox/);
      expect(inRoom).toMatch(/Messages reaches your therapist privately/);
      expect(inRoom).toMatch(/Crisis support/);
      expect(inRoom).not.toMatch(/You can still join/);
    }
  });

  it('each gap gives a reason for the disabled controls', () => {
    for (const gap of ['no-webrtc', 'no-codecs', 'no-devices'] as const)
      expect(supportMessage(gap).controlReason).toMatch(/^Not available: /);
  });
});
