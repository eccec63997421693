/**
 * The room view from the wire: a full `room:state` (on connect, and after a gap), then `room:patch`es
 * applied strictly in order by the shared `RoomReplica`. A patch that does not continue the view's
 * version is a gap: the client asks for the whole room (`room:resync`) and ignores patches until it
 * arrives. One per socket: a new connection starts from its own full state.
 */
import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, RoomPatch, RoomView, ServerToClientEvents } from '@circle/shared';
import { RoomReplica, errorOf } from '@circle/shared/constants';

export interface RoomPatchesDeps {
  /** Ask the server for the whole room (`room:resync`); it sends a `room:state` before the ack. */
  resync(): Promise<Ack<null>>;
  /** The view changed (a full state, or a patch applied): put it in the store. */
  show(view: RoomView): void;
}

export class RoomPatches {
  private readonly replica = new RoomReplica();

  constructor(private readonly deps: RoomPatchesDeps) {}

  get view(): RoomView | null {
    return this.replica.view;
  }

  get version(): number | null {
    return this.replica.version;
  }

  state(view: RoomView, version: number): void {
    this.replica.receiveState(view, version);
    this.deps.show(view);
  }

  patch(patch: RoomPatch): void {
    const outcome = this.replica.receivePatch(patch);
    if (outcome === 'applied' && this.replica.view) this.deps.show(this.replica.view);
    else if (outcome === 'gap') {
      this.deps.resync().then(
        (r) => r.ok || this.replica.resyncFailed(),
        () => this.replica.resyncFailed(),
      );
    }
  }
}

const RESYNC_TIMEOUT_MS = 10_000;

/**
 * Listen for the room on `socket`: `show` gets every new view, full or patched. A gap asks for the
 * room on the same socket; an unanswered ask is asked again at the next patch.
 */
export function listenForRoom(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  show: (view: RoomView) => void,
): RoomPatches {
  const resync = () =>
    new Promise<Ack<null>>((resolve) => {
      if (!socket.connected) return resolve({ ok: false, error: errorOf('INTERNAL') });
      socket
        .timeout(RESYNC_TIMEOUT_MS)
        .emit('room:resync', {}, (err: Error | null, res: Ack<null>) =>
          resolve(err ? { ok: false, error: errorOf('INTERNAL') } : res),
        );
    });
  const patches = new RoomPatches({ resync, show });
  socket.on('room:state', (view, version) => patches.state(view, version));
  socket.on('room:patch', (patch) => patches.patch(patch));
  return patches;
}
