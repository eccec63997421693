/**
 * Building a room the way browsers do, for the benchmarks: a session from the admin API, invites,
 * connections (the test kit's signalling bot, without an event log), check-in and the therapist's
 * lobby:admitAll. The media steps are the bot's own (`openPlainSend`, `createProducer`,
 * `openPlainRecv`, `createConsumer`), with the packets in the benchmark's media thread.
 */
import { AGREEMENT_VERSION, type ClientPayload } from '@circle/shared';
import { Bot } from '@circle/testkit/bot';
import { BENCH_ADMIN_TOKEN } from './protocol.js';

const CONNECT_TIMEOUT_MS = 15_000;
/** Benchmarks push the server to its rate limits: a refused request waits and retries this often. */
const RATE_LIMIT_RETRIES = 20;

export interface JoinedRoom {
  sessionId: string;
  therapist: Bot;
  members: Bot[];
}

interface BenchSession {
  id: string;
  therapistToken: string;
}

function tokenOf(url: string): string {
  const token = url.split('#')[1];
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

async function post<T>(url: string, adminToken: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A session through the admin API, as an operator would create one. */
async function createSession(
  baseUrl: string,
  adminToken: string,
  title: string,
  maxMembers = 10,
): Promise<BenchSession> {
  const s = await post<{ id: string; therapistUrl: string }>(`${baseUrl}/api/sessions`, adminToken, {
    title,
    maxMembers,
  });
  return { id: s.id, therapistToken: tokenOf(s.therapistUrl) };
}

async function invite(
  baseUrl: string,
  adminToken: string,
  sessionId: string,
  role: 'member' | 'therapist' | 'supervisor',
  displayName: string,
): Promise<string> {
  const r = await post<{ url: string }>(`${baseUrl}/api/sessions/${sessionId}/invites`, adminToken, {
    role,
    displayName,
  });
  return tokenOf(r.url);
}

/** The check-in a member sends before the lobby (no real person's details). */
function benchCheckIn(agreementVersion: string): ClientPayload<'session:checkIn'> {
  return { agreementVersion, location: 'Benchmark City', privateSafePlace: true };
}

/** Connect a benchmark bot with an invite token and wait for its first room view. */
export async function connectBench(url: string, token: string, name: string): Promise<Bot> {
  const bot = await Bot.connect(url, token, {
    name,
    keepEventLog: false,
    rateLimitRetries: RATE_LIMIT_RETRIES,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    requestTimeoutMs: CONNECT_TIMEOUT_MS,
  });
  await bot.when(() => bot.view !== undefined, CONNECT_TIMEOUT_MS, 'first room:state');
  return bot;
}

/** A session with one therapist and `memberNames.length` admitted members, all connected. */
export async function joinRoom(
  url: string,
  title: string,
  memberNames: string[],
  options: { maxMembers?: number; onJoin?: (client: Bot) => void } = {},
): Promise<JoinedRoom> {
  const session = await createSession(url, BENCH_ADMIN_TOKEN, title, options.maxMembers ?? memberNames.length);
  const tokens = await Promise.all(
    memberNames.map((name) => invite(url, BENCH_ADMIN_TOKEN, session.id, 'member', name)),
  );
  const connect = async (token: string, name: string) => {
    const c = await connectBench(url, token, name);
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
