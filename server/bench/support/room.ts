/**
 * Building a room the way browsers do, for the benchmarks: a session from the admin API, invites,
 * connections, check-in, the therapist's lobby:admitAll, then per participant the media steps of
 * client/src/net/RoomClient.ts with plain RTP instead of WebRTC.
 */
import { AGREEMENT_VERSION } from '@circle/shared';
import { BenchClient, benchCheckIn, createSession, invite } from './client.js';
import { BENCH_ADMIN_TOKEN } from './protocol.js';
import { producerRtpParameters, type Kind } from './rtp.js';

export interface JoinedRoom {
  sessionId: string;
  therapist: BenchClient;
  members: BenchClient[];
}

/** A session with one therapist and `memberNames.length` admitted members, all connected. */
export async function joinRoom(
  url: string,
  title: string,
  memberNames: string[],
  options: { maxMembers?: number; onJoin?: (client: BenchClient) => void } = {},
): Promise<JoinedRoom> {
  const session = await createSession(url, BENCH_ADMIN_TOKEN, title, options.maxMembers ?? memberNames.length);
  const tokens = await Promise.all(
    memberNames.map((name) => invite(url, BENCH_ADMIN_TOKEN, session.id, 'member', name)),
  );
  const connect = async (token: string, name: string) => {
    const c = await BenchClient.connect(url, token, name);
    options.onJoin?.(c);
    return c;
  };
  const therapist = await connect(session.therapistToken, `${title}/therapist`);
  const members = await Promise.all(tokens.map((t, i) => connect(t, `${title}/${memberNames[i]}`)));
  await Promise.all(members.map((m) => m.call('session:checkIn', benchCheckIn(AGREEMENT_VERSION))));
  const { admitted } = await therapist.call('lobby:admitAll', {});
  if (admitted !== members.length) throw new Error(`admitAll admitted ${admitted} of ${members.length}`);
  await Promise.all(members.map((m) => m.when(() => m.view?.you.status === 'admitted', 10_000, 'admission')));
  return { sessionId: session.id, therapist, members };
}

/** media:capabilities → media:join; the producers of others go into `client.producers`. */
export async function joinMedia(client: BenchClient): Promise<void> {
  const { routerRtpCapabilities } = await client.call('media:capabilities', {});
  const { producers } = await client.call('media:join', {
    rtpCapabilities: routerRtpCapabilities as Record<string, unknown>,
  });
  for (const p of producers) client.producers.set(p.producerId, p);
}

/** A plain send transport (comedia: the SFU learns the sender's address from its first packet). */
export async function openSend(client: BenchClient): Promise<{ id: string; tuple: { ip: string; port: number } }> {
  const send = await client.call('transport:create', { direction: 'send', plain: true });
  if (!send.tuple) throw new Error('no plain RTP tuple: is ALLOW_PLAIN_RTP on?');
  return { id: send.id, tuple: send.tuple };
}

/** A plain receive transport that sends to `port` on loopback. */
export async function openRecv(client: BenchClient, port: number): Promise<void> {
  const recv = await client.call('transport:create', { direction: 'recv', plain: true });
  await client.call('transport:connectPlain', { transportId: recv.id, ip: '127.0.0.1', port });
}

/** producer:create for one synthetic stream. */
export async function produce(
  client: BenchClient,
  stream: { kind: Kind; ssrc: number; cname: string },
  transportId: string,
  paused = false,
): Promise<{ producerId: string; paused: boolean }> {
  return client.call('producer:create', {
    transportId,
    kind: stream.kind,
    source: stream.kind === 'audio' ? 'mic' : 'camera',
    rtpParameters: producerRtpParameters(stream.kind, stream.ssrc, stream.cname),
    paused,
  });
}

/** consumer:create → consumer:resume; returns the SSRC the consumer's packets carry. */
export async function consume(client: BenchClient, producerId: string): Promise<number> {
  const consumer = await client.call('consumer:create', { producerId });
  const ssrc = (consumer.rtpParameters as { encodings?: { ssrc?: number }[] }).encodings?.[0]?.ssrc;
  if (ssrc === undefined) throw new Error('consumer without SSRC');
  await client.call('consumer:resume', { consumerId: consumer.id });
  return ssrc;
}
