/**
 * The room client's own socket handling, against a scripted socket: the server's `server:restarting`
 * leads to the calm restarting state through the dropped transport and a refused attempt, the refused
 * attempt is retried by itself, and the client is connected again when the server is back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorOf } from '@circle/shared';
import { useRoomStore } from '../stores/useRoomStore';
import { resetStores } from '../test/fakes';

type Listener = (...args: unknown[]) => void;

/** The parts of a socket.io client socket the room client uses, driven by the test. */
class ScriptedSocket {
  connected = false;
  connects = 0;
  private readonly listeners = new Map<string, Listener[]>();
  readonly io = { on: () => undefined };
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  /** The server (or the network) does something. */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
  connect(): void {
    this.connects++;
  }
  /** Requests the client makes on connecting (clock, chat) get no answer here. */
  timeout(): { emit: (...args: unknown[]) => void } {
    return { emit: (...args) => (args[args.length - 1] as (err: Error) => void)(new Error('no answer')) };
  }
  close(): void {
    this.connected = false;
  }
}

const sockets: ScriptedSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: () => {
    const s = new ScriptedSocket();
    sockets.push(s);
    return s;
  },
}));

// The module exposes its instance on `window` for diagnostics; this test runs without a browser.
vi.stubGlobal('window', {});
const { RoomClient } = await import('./RoomClient');

const refusal = (code: 'RESTARTING' | 'INVITE_INVALID') => Object.assign(new Error(code), { data: errorOf(code) });

describe('the room client when the server restarts', () => {
  beforeEach(() => {
    resetStores();
    sockets.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the restart, keeps trying through refusals, and is connected again when the server is back', () => {
    const client = new RoomClient();
    client.connect('token');
    const socket = sockets[0]!;
    socket.fire('connect');
    expect(useRoomStore.getState().connection).toBe('connected');

    socket.fire('server:restarting');
    expect(useRoomStore.getState().connection).toBe('restarting');
    socket.fire('disconnect', 'transport close');
    expect(useRoomStore.getState().connection).toBe('restarting');

    // The draining server refuses for now: no failure screen, and a new attempt after a pause.
    socket.fire('connect_error', refusal('RESTARTING'));
    expect(useRoomStore.getState()).toMatchObject({ connection: 'restarting', error: null });
    expect(socket.connects).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(socket.connects).toBe(1);

    socket.fire('connect');
    expect(useRoomStore.getState().connection).toBe('connected');
    client.disconnect();
  });

  it('a refusal that is final still fails', () => {
    const client = new RoomClient();
    client.connect('token');
    sockets[0]!.fire('connect_error', refusal('INVITE_INVALID'));
    expect(useRoomStore.getState().connection).toBe('failed');
    expect(useRoomStore.getState().error?.code).toBe('INVITE_INVALID');
    vi.advanceTimersByTime(10_000);
    expect(sockets[0]!.connects).toBe(0);
    client.disconnect();
  });
});
