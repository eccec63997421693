/**
 * End-to-end encrypted media (issue 25), in real Chromium through the real SFU: the therapist and a
 * member see and hear each other, while a tap on the SFU (a plain-RTP consumer of the member's
 * camera and microphone, created on the server's side by a participant that holds no keys) receives
 * only sealed frames: each one ends in an SFrame header, and past the few bytes the SFU must read it
 * is ciphertext. Both screens show the same safety code.
 */
import dgram from 'node:dgram';
import { afterAll, describe, expect, test } from 'vitest';
import { Bot } from '@circle/testkit/bot';
import type { Page } from 'playwright-core';
import {
  checkInAsMember,
  createSession,
  expectAccessible,
  inboundAudioEnergy,
  openTool,
  participantIdOf,
  pollUntil,
  speechLikeWav,
  useRoomHarness,
  waitForRemoteVideos,
} from '../support/index.js';

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

interface Rtp {
  ssrc: number;
  seq: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
}

function parseRtp(buf: Buffer): Rtp | null {
  if (buf.length < 12 || buf[0]! >> 6 !== 2) return null;
  // RTCP (payload types 200–206 with the marker bit) shares the port: not media.
  if (buf[1]! >= 200 && buf[1]! <= 206) return null;
  let at = 12 + (buf[0]! & 0x0f) * 4;
  if (buf[0]! & 0x10) at += 4 + buf.readUInt16BE(at + 2) * 4;
  const end = buf[0]! & 0x20 ? buf.length - buf[buf.length - 1]! : buf.length;
  if (at > end) return null;
  return {
    ssrc: buf.readUInt32BE(8),
    seq: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    marker: (buf[1]! & 0x80) !== 0,
    payload: buf.subarray(at, end),
  };
}

/**
 * The SFrame header at a sealed frame's end (RFC 9605 §4.3, written in Circle's layout: header, then
 * its length in one byte), read independently of the client's code: the KID, or null when the frame
 * does not end in one. The ciphertext and its 16-byte tag come before it.
 */
function sframeKid(frame: Buffer): bigint | null {
  if (frame.length < 2) return null;
  const n = frame[frame.length - 1]!;
  const start = frame.length - 1 - n;
  if (n < 1 || start < 16) return null;
  const config = frame[start]!;
  const kidLen = config & 0x80 ? ((config >> 4) & 7) + 1 : 0;
  const ctrLen = config & 0x08 ? (config & 7) + 1 : 0;
  if (1 + kidLen + ctrLen !== n) return null;
  if (!kidLen) return BigInt((config >> 4) & 7);
  let kid = 0n;
  for (let i = 0; i < kidLen; i++) kid = (kid << 8n) | BigInt(frame[start + 1 + i]!);
  return kid;
}

/** The VP8 payload after its descriptor (RFC 7741 §4.2), and whether it starts a frame. */
function vp8Payload(p: Buffer): { starts: boolean; data: Buffer } {
  const b0 = p[0]!;
  let at = 1;
  if (b0 & 0x80) {
    const b1 = p[1]!;
    at = 2;
    if (b1 & 0x80) at += p[at]! & 0x80 ? 2 : 1;
    if (b1 & 0x40) at += 1;
    if (b1 & 0x30) at += 1;
  }
  return { starts: (b0 & 0x10) !== 0 && (b0 & 0x07) === 0, data: p.subarray(at) };
}

/** A UDP socket collecting whole frames per SSRC: Opus packets as they are, VP8 packets put together. */
async function tap() {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const audio: Buffer[] = [];
  const video: Buffer[] = [];
  const kinds = new Map<number, 'audio' | 'video'>();
  const partial = new Map<number, { seq: number; parts: Buffer[] }>();
  socket.on('message', (buf) => {
    const rtp = parseRtp(buf);
    const kind = rtp && kinds.get(rtp.ssrc);
    if (!rtp || !kind || rtp.payload.length === 0) return;
    if (kind === 'audio') return void audio.push(Buffer.from(rtp.payload));
    const { starts, data } = vp8Payload(rtp.payload);
    const open = partial.get(rtp.ssrc);
    if (starts) partial.set(rtp.ssrc, { seq: rtp.seq, parts: [Buffer.from(data)] });
    else if (open && ((open.seq + 1) & 0xffff) === rtp.seq) {
      open.seq = rtp.seq;
      open.parts.push(Buffer.from(data));
    } else partial.delete(rtp.ssrc);
    const frame = partial.get(rtp.ssrc);
    if (rtp.marker && frame) {
      video.push(Buffer.concat(frame.parts));
      partial.delete(rtp.ssrc);
    }
  });
  return { socket, audio, video, kinds, port: (socket.address() as { port: number }).port };
}

describe('end-to-end encrypted media (E2EE=true)', () => {
  // A speech-like voice for a microphone, so the SFU's audio-level observer (reading the header
  // extension that E2EE leaves in the clear) has someone speaking to find. It is not a voice RNNoise
  // keeps (it may silence it entirely), so everyone here has switched noise suppression off (the
  // effects tests cover it).
  const h = useRoomHarness(
    { E2EE: 'true', ALLOW_PLAIN_RTP: 'true' },
    { closeAfterEach: true, chromiumArgs: [`--use-file-for-fake-audio-capture=${speechLikeWav()}`] },
  );
  const open = (name: string, url: string, init: () => void = plainMicrophone) => h.open(name, url, { init });
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  test('the group sees and hears each other; a tap on the SFU gets sealed frames and no keys', async () => {
    const { sessionId, therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Alex', role: 'member' },
      { name: 'Tap', role: 'therapist' },
    ]);
    const therapist = await open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const alex = await open('Alex', urls.Alex!);
    await checkInAsMember(alex.page);
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();

    // Pictures decoded on both sides: frames opened in each browser's worker.
    await Promise.all([waitForRemoteVideos(therapist.page, 1), waitForRemoteVideos(alex.page, 1)]);
    const alexId = await participantIdOf(alex.page);
    const therapistId = await participantIdOf(therapist.page);
    for (const a of [therapist, alex]) {
      await a.page.getByRole('button', { name: 'Unmute microphone' }).click();
      await a.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    }
    // Sound heard, not only received: the fake microphone's tone decoded, its energy growing.
    await pollUntil(async () => ((await inboundAudioEnergy(therapist.page, alexId)) > 0 ? true : null), 30_000);
    await pollUntil(async () => ((await inboundAudioEnergy(alex.page, therapistId)) > 0 ? true : null), 30_000);

    // Both screens: "Encrypted end to end", and the same six pictures.
    const codeOf = async (page: typeof alex.page) => {
      await page.locator('summary', { hasText: 'Encrypted end to end' }).click();
      const list = page.getByRole('list', { name: 'Safety code' });
      await list.getByRole('listitem').nth(5).waitFor();
      return list.innerText();
    };
    const [codeT, codeA] = await Promise.all([codeOf(therapist.page), codeOf(alex.page)]);
    await expectAccessible(alex.page, 'room with the safety code open');
    expect(codeA).toBe(codeT);
    expect(codeA.split('\n').filter((l) => l.trim()).length).toBe(12);

    // Each tile says so, to the screen reader too.
    await therapist.page.getByRole('listitem', { name: /Alex.*encrypted end to end/ }).waitFor();

    // Simulcast still switches layers: the SFU finds each layer's key frames in the clear VP8 header.
    const media = (await h.circle.sessions.get(sessionId))?.mediaRoom;
    if (!media) throw new Error('no media room');
    const layerOf = () =>
      media.consumerLayers(therapistId).find((c) => c.owner === alexId && c.kind === 'video')?.currentLayers
        ?.spatialLayer;
    const tile = `li.tile[data-participant="${alexId}"]`;
    const resize = (width: string) =>
      therapist.page.evaluate(
        ([sel, w]) => {
          const el = document.querySelector<HTMLElement>(sel!);
          if (!el) throw new Error(`no tile ${sel}`);
          el.style.width = w!;
        },
        [tile, width],
      );
    const decodedHeight = () =>
      therapist.page.evaluate(
        (sel) => document.querySelector<HTMLVideoElement>(`${sel} video`)?.videoHeight ?? 0,
        tile,
      );
    await resize('640px');
    await pollUntil(async () => (layerOf() === 2 && (await decodedHeight()) >= 480 ? true : null), 30_000);
    await resize('120px');
    await pollUntil(async () => (layerOf() === 0 && (await decodedHeight()) < 480 ? true : null), 30_000);

    // The tap: a co-therapist's connection that announces no device, consuming Alex's media as plain RTP.
    const bot = await Bot.connect(h.circle.url, tokenOf(urls.Tap!), { name: 'Tap' });
    cleanup.push(() => bot.close());
    const t = await tap();
    cleanup.push(() => t.socket.close());
    const producers = (await bot.joinMedia()).filter((p) => p.participantId === alexId);
    expect(producers.map((p) => p.kind).sort()).toEqual(['audio', 'video']);
    await bot.openPlainRecv(t.port);
    for (const p of producers) await bot.createConsumer(p.producerId, (ssrc) => t.kinds.set(ssrc, p.kind));
    await pollUntil(async () => (t.audio.length >= 50 && t.video.length >= 30 ? true : null), 30_000);

    const audioKids = t.audio.map(sframeKid);
    const videoKids = t.video.map(sframeKid);
    const sealedAudio = audioKids.filter((k) => k !== null);
    const sealedVideo = videoKids.filter((k) => k !== null);
    console.log(
      `[e2ee] tap: ${t.audio.length} Opus frames (${sealedAudio.length} SFrame-sealed), ` +
        `${t.video.length} VP8 frames (${sealedVideo.length} sealed)`,
    );
    expect(sealedAudio.length).toBe(t.audio.length);
    expect(sealedVideo.length).toBe(t.video.length);
    // One sender, one key chain (KID = chain id << 8 | step): audio and video name the same chain.
    const chains = new Set([...sealedAudio, ...sealedVideo].map((k) => k! >> 8n));
    expect(chains.size).toBe(1);
    // A key frame keeps its VP8 start code readable for the SFU (bytes 3–5), and nothing after byte 10 is.
    const key = t.video.find((f) => (f[0]! & 1) === 0);
    if (key) expect([...key.subarray(3, 6)]).toEqual([0x9d, 0x01, 0x2a]);
    // Nobody sent the tap a key: it never announced a device.
    expect(bot.events.filter((e) => e.name === 'e2ee:key')).toHaveLength(0);
  });

  test('floor control, a practice pair with keys of its own, and a removed member left with no key to what follows', async () => {
    const { sessionId, therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Ari', role: 'member' },
      { name: 'Bo', role: 'member' },
      { name: 'Tap', role: 'therapist' },
    ]);
    const therapist = await open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const ari = await open('Ari', urls.Ari!);
    const bo = await open('Bo', urls.Bo!);
    for (const m of [ari, bo]) await checkInAsMember(m.page);
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await Promise.all([therapist, ari, bo].map((a) => waitForRemoteVideos(a.page, 2)));
    const [ariId, boId] = await Promise.all([participantIdOf(ari.page), participantIdOf(bo.page)]);

    // Floor control: the server reads the audio level from the RTP header extension, left in the clear.
    await therapist.page.getByRole('button', { name: 'Facilitated' }).click();
    await therapist.page.getByRole('button', { name: 'Facilitated', pressed: true }).waitFor();
    await ari.page.getByRole('button', { name: 'Raise hand' }).click();
    await therapist.page.getByRole('button', { name: 'Give floor to next' }).click();
    await ari.page.getByText('You have the floor').first().waitFor();
    await ari.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await ari.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    await pollUntil(async () => ((await inboundAudioEnergy(bo.page, ariId)) > 0 ? true : null), 30_000);
    await therapist.page.locator(`li.tile.speaking[data-participant="${ariId}"]`).waitFor({ timeout: 30_000 });
    // Bo, without the floor, is refused by the server and stays muted.
    await bo.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await bo.page.getByText('It is not your turn to speak yet.').waitFor();

    // A practice pair: Ari and Bo get chains the group never held, and still see each other.
    const groupChain = (await keysOf(ari.page)).sending;
    await therapist.page.getByRole('button', { name: 'Start pairs at random' }).click();
    for (const m of [ari, bo])
      await m.page.getByRole('status').filter({ hasText: 'Practising in pairs with' }).waitFor();
    const pairChain = await pollUntil(async () => {
      const k = await keysOf(ari.page);
      return k.sending !== null && k.sending !== groupChain ? k.sending : null;
    }, 30_000);
    await pollUntil(async () => ((await keysOf(bo.page)).given[ariId]?.includes(pairChain) ? true : null), 30_000);
    await framesKeepComing(bo.page, ariId);
    expect((await keysOf(therapist.page)).given[ariId]).not.toContain(pairChain);

    await therapist.page.getByRole('button', { name: 'Bring everyone back' }).click();
    await pollUntil(
      async () => ((await keysOf(therapist.page)).given[ariId]?.includes(pairChain) ? true : null),
      30_000,
    );
    await framesKeepComing(therapist.page, ariId);

    // The tap on Ari's video, then Bo is removed: Ari's frames move to a chain Bo's browser never got.
    const bot = await Bot.connect(h.circle.url, tokenOf(urls.Tap!), { name: 'Tap' });
    cleanup.push(() => bot.close());
    const t = await tap();
    cleanup.push(() => t.socket.close());
    const video = (await bot.joinMedia()).find((p) => p.participantId === ariId && p.kind === 'video');
    if (!video) throw new Error('no video from Ari');
    await bot.openPlainRecv(t.port);
    await bot.createConsumer(video.producerId, (ssrc) => t.kinds.set(ssrc, 'video'));
    await pollUntil(async () => (t.video.length >= 10 ? true : null), 30_000);
    const chainOnWire = () => {
      const kid = sframeKid(t.video.at(-1)!);
      return kid === null ? null : Number(kid >> 8n);
    };
    const before = chainOnWire();
    expect((await keysOf(bo.page)).given[ariId]).toContain(before);

    therapist.page.on('dialog', (d) => void d.accept());
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Remove Bo from the session' }).click();
    await bo.page.getByText('Your therapist has removed you from this session.').waitFor();
    const after = await pollUntil(async () => {
      const c = chainOnWire();
      return c !== null && c !== before ? c : null;
    }, 30_000);
    // Ari and the therapist go on seeing each other under the new chain; Bo's browser never had it.
    await framesKeepComing(therapist.page, ariId);
    expect((await keysOf(bo.page)).given[ariId]).not.toContain(after);
    expect((await keysOf(therapist.page)).given[ariId]).toContain(after);
    const media = (await h.circle.sessions.get(sessionId))?.mediaRoom;
    expect(media?.consumerLayers(boId) ?? []).toEqual([]);
  });

  test('a browser that cannot encrypt: the therapist decides at the door, and every screen says so', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Cy', role: 'member' },
      { name: 'Di', role: 'member' },
    ]);
    const therapist = await open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const di = await open('Di', urls.Di!);
    await checkInAsMember(di.page);
    await therapist.page.getByRole('button', { name: 'Admit Di' }).click();
    // A browser without the encoded-transform API (as older browsers are).
    const cy = await open('Cy', urls.Cy!, cannotEncrypt);
    await checkInAsMember(cy.page);
    await cy.page.getByText(/This browser cannot encrypt video and sound end to end/).waitFor();
    await therapist.page.getByText(/Their browser cannot encrypt video and sound/).waitFor();
    await expectAccessible(therapist.page, 'waiting room with a browser that cannot encrypt');
    expect(await therapist.page.getByRole('button', { name: 'Admit Cy', exact: true }).count()).toBe(0);
    // "Admit all" leaves that decision to the therapist.
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    await therapist.page.getByRole('button', { name: 'Admit Cy without encryption' }).click();

    // Everyone is told, by name, and the media goes in the clear for as long as Cy is here.
    for (const a of [therapist, di])
      await a.page.getByRole('status').filter({ hasText: 'Not encrypted end to end: Cy joined' }).waitFor();
    await cy.page.getByRole('status').filter({ hasText: 'your browser cannot encrypt' }).waitFor();
    await Promise.all([therapist, di, cy].map((a) => waitForRemoteVideos(a.page, 2)));
    const cyId = await participantIdOf(cy.page);
    const diId = await participantIdOf(di.page);
    const therapistId = await participantIdOf(therapist.page);
    await framesKeepComing(di.page, cyId);
    await framesKeepComing(cy.page, diId);
    await expectAccessible(di.page, 'room in the clear');

    // Cy leaves the session: sealed again, and the picture keeps coming, opened in the worker.
    therapist.page.on('dialog', (d) => void d.accept());
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Remove Cy from the session' }).click();
    await di.page.locator('summary', { hasText: 'Encrypted end to end' }).waitFor();
    await di.page
      .getByRole('listitem', { name: /encrypted end to end/ })
      .first()
      .waitFor();
    await framesKeepComing(di.page, therapistId);

    // Di, already let in, comes back on a browser that cannot encrypt (the same link, another browser):
    // the room stays sealed and the therapist is told, until they let Di in without encryption.
    await di.context.close();
    const diAgain = await open('Di again', urls.Di!, cannotEncrypt);
    await diAgain.page.getByRole('button', { name: 'Join the session' }).click();
    await therapist.page.getByText('Di is back on a browser that cannot encrypt', { exact: false }).first().waitFor();
    await diAgain.page.getByRole('status').filter({ hasText: 'This browser cannot encrypt' }).waitFor();
    expect(await therapist.page.getByRole('status').filter({ hasText: 'Not encrypted end to end' }).count()).toBe(0);
    await expectAccessible(therapist.page, 'a member back on a browser that cannot encrypt');
    await therapist.page.getByRole('button', { name: 'Let Di in without encryption' }).click();
    await therapist.page.getByRole('status').filter({ hasText: 'Not encrypted end to end: Di joined' }).waitFor();
    await framesKeepComing(therapist.page, diId);
    await framesKeepComing(diAgain.page, therapistId);
  });
});

/** An init script: this person has switched noise suppression off (see the harness above). */
function plainMicrophone(): void {
  localStorage.setItem('circle.effects', JSON.stringify({ background: 'none', noiseSuppression: false }));
}

/** An init script: a browser without the encoded-transform API (as older browsers are), noise suppression off. */
function cannotEncrypt(): void {
  delete (window as unknown as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform;
  localStorage.setItem('circle.effects', JSON.stringify({ background: 'none', noiseSuppression: false }));
}

/** This page's E2EE chain ids: the one it sends with, and those it was given by each sender. */
function keysOf(page: Page): Promise<{ sending: number | null; given: Record<string, number[]> }> {
  return page.evaluate(() => {
    const c = (
      window as unknown as {
        circle: { e2eeKeys(): { sending: number | null; given: Record<string, number[]> } | null };
      }
    ).circle;
    return c.e2eeKeys() ?? { sending: null, given: {} };
  });
}

/** Frames from `participantId` keep being decoded on `page` (opened in its worker, then decoded). */
async function framesKeepComing(page: Page, participantId: string): Promise<void> {
  const decoded = () =>
    page.evaluate(async (id) => {
      const c = (
        window as unknown as {
          circle: { inboundStats(): Promise<{ participantId: string; kind: string; framesDecoded?: number }[]> };
        }
      ).circle;
      return (await c.inboundStats()).find((s) => s.participantId === id && s.kind === 'video')?.framesDecoded ?? 0;
    }, participantId);
  const start = await decoded();
  await pollUntil(async () => ((await decoded()) > start + 15 ? true : null), 30_000);
}
