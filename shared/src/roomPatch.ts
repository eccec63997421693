/**
 * The room as patches: the server sends each viewer a full `room:state` once (on connect, and when
 * the viewer asks for it with `room:resync`), then only what changed in *their* view, as a
 * `room:patch` that names the version it applies to. The same pure code encodes and diffs on the
 * server and applies on the client (and in the test kit's bots), so both sides agree by construction.
 *
 * A view is split into parts: each top-level key of `RoomView` (replaced whole when it changes), and
 * each participant entry (by id), plus the order of the participants. A part is compared by its JSON,
 * which is also what goes over the wire: a part is sent when its JSON changed, never otherwise.
 *
 * Privacy is the view's own: the diff is always between two views computed for the same viewer by
 * `viewFor`, so a patch can carry only what that viewer's full view would have carried.
 */
import type { ParticipantView, RoomView } from './views.js';

/** The top-level parts of a room view other than `participants` (which travels per entry). */
export type RoomTopic = Exclude<keyof RoomView, 'participants'>;

/** A change to one viewer's room view, from the view at version `base` to the view at version `v`. */
export interface RoomPatch {
  /** The room version this patch brings the viewer to. */
  v: number;
  /** The version it applies to: the one this viewer was last sent. Any other base is a gap. */
  base: number;
  /** Top-level parts, replaced whole. */
  set?: Partial<Omit<RoomView, 'participants'>>;
  /** Optional top-level parts that are gone (the agreement once accepted, focus mode turned off). */
  unset?: RoomTopic[];
  /** Participant entries that are new or changed, whole. */
  people?: ParticipantView[];
  /** Every participant id the viewer sees, in order: present only when that list or its order changed. */
  order?: string[];
}

/** A view as what each of its parts is compared by (mostly their JSON): what the server remembers having sent each viewer. */
export interface EncodedView {
  /** A topic's JSON, or a string, number, boolean or null as itself (each topic keeps one of the two kinds). */
  topics: Map<RoomTopic, unknown>;
  people: Map<string, string>;
  order: string[];
}

/**
 * JSON of a part, once per object: parts shared by several viewers (the same object, from the view
 * cache) are serialised once per broadcast when every viewer's encoding uses one `strings` map.
 */
export function partJson(value: unknown, strings?: WeakMap<object, string>): string {
  if (typeof value !== 'object' || value === null || !strings) return JSON.stringify(value);
  let s = strings.get(value);
  if (s === undefined) strings.set(value, (s = JSON.stringify(value)));
  return s;
}

/** What a part is compared by: its JSON, or a string, number, boolean or null as itself (no copy made). */
function partKey(value: unknown, strings?: WeakMap<object, string>): unknown {
  return typeof value === 'object' && value !== null ? partJson(value, strings) : value;
}

/**
 * The agenda says when its figures were computed (`asOf`, the server's clock at every view). That
 * alone is no change: the agenda is sent again when anything else in it changed (and while an item
 * runs its figures change with the clock, so it is). A client's `asOf` is then that of its figures.
 */
function agendaJson(agenda: RoomView['agenda'], strings?: WeakMap<object, string>): string {
  let s = strings?.get(agenda);
  if (s === undefined) {
    s = JSON.stringify({ ...agenda, asOf: 0 });
    strings?.set(agenda, s);
  }
  return s;
}

export function encodeView(view: RoomView, strings?: WeakMap<object, string>): EncodedView {
  const topics = new Map<RoomTopic, unknown>();
  for (const key of Object.keys(view) as (keyof RoomView)[]) {
    if (key === 'participants') continue;
    const value = view[key];
    if (value === undefined) continue;
    topics.set(key, key === 'agenda' ? agendaJson(view.agenda, strings) : partKey(value, strings));
  }
  const people = new Map<string, string>();
  const order: string[] = [];
  for (const p of view.participants) {
    people.set(p.id, partJson(p, strings));
    order.push(p.id);
  }
  return { topics, people, order };
}

const sameOrder = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** What changed between two encodings of one viewer's view, by name: the parts that differ. */
export interface ViewChange {
  topics: RoomTopic[];
  unset: RoomTopic[];
  people: string[];
  orderChanged: boolean;
  /**
   * What the changed parts now are (their encodings, topics then people, and the new order when it
   * changed): two changes with the same names and the same values make the same patch (`sameChange`).
   */
  values: unknown[];
}

/** The parts of `next` that differ from `prev`; null when nothing did. */
export function diffEncoded(prev: EncodedView, next: EncodedView): ViewChange | null {
  const topics: RoomTopic[] = [];
  const unset: RoomTopic[] = [];
  const people: string[] = [];
  const values: unknown[] = [];
  for (const [topic, value] of next.topics) {
    if (prev.topics.get(topic) !== value) {
      topics.push(topic);
      values.push(value);
    }
  }
  for (const topic of prev.topics.keys()) {
    if (!next.topics.has(topic)) unset.push(topic);
  }
  for (const [id, json] of next.people) {
    if (prev.people.get(id) !== json) {
      people.push(id);
      values.push(json);
    }
  }
  const orderChanged = !sameOrder(prev.order, next.order);
  if (orderChanged) values.push(...next.order);
  if (topics.length === 0 && unset.length === 0 && people.length === 0 && !orderChanged) return null;
  return { topics, unset, people, orderChanged, values };
}

/**
 * Whether two changes make the same patch: the same parts changed to the same values. (Parts shared
 * by viewers are one string instance, so most comparisons here are of a pointer.)
 */
export function sameChange(a: ViewChange, b: ViewChange): boolean {
  return (
    a.orderChanged === b.orderChanged &&
    sameOrder(a.topics, b.topics) &&
    sameOrder(a.unset, b.unset) &&
    sameOrder(a.people, b.people) &&
    sameOrder(a.values, b.values)
  );
}

/** The patch for `change`, with the values taken from `view` (the view `next` encoded). */
export function patchOf(view: RoomView, change: ViewChange, base: number, v: number): RoomPatch {
  const patch: RoomPatch = { v, base };
  if (change.topics.length > 0) {
    const set: Record<string, unknown> = {};
    for (const topic of change.topics) set[topic] = view[topic];
    patch.set = set as RoomPatch['set'];
  }
  if (change.unset.length > 0) patch.unset = change.unset;
  if (change.people.length > 0) {
    const ids = new Set(change.people);
    patch.people = (view.participants as ParticipantView[]).filter((p) => ids.has(p.id));
  }
  if (change.orderChanged) patch.order = view.participants.map((p) => p.id);
  return patch;
}

/** Convenience for tests and one-offs: the patch from `prev` to `next` (null: nothing changed). */
export function diffViews(prev: RoomView, next: RoomView, base: number, v: number): RoomPatch | null {
  const change = diffEncoded(encodeView(prev), encodeView(next));
  return change ? patchOf(next, change, base, v) : null;
}

/**
 * `view` with `patch` applied: a new object; unchanged parts (and unchanged participant entries)
 * keep their identity, so whatever renders them can tell they did not change. Does not check versions.
 */
export function applyPatch(view: RoomView, patch: RoomPatch): RoomView {
  const next = { ...view, ...patch.set } as RoomView & Record<string, unknown>;
  for (const topic of patch.unset ?? []) delete next[topic];
  if (patch.people || patch.order) {
    const byId = new Map<string, ParticipantView>(view.participants.map((p) => [p.id, p]));
    for (const p of patch.people ?? []) byId.set(p.id, p);
    const order = patch.order ?? view.participants.map((p) => p.id);
    next.participants = order.map((id) => {
      const p = byId.get(id);
      if (!p) throw new Error(`room patch ${patch.v}: participant ${id} has no entry`);
      return p;
    }) as RoomView['participants'];
  }
  return next;
}

/** What a replica did with a message. */
export type ReplicaOutcome = 'applied' | 'gap' | 'ignored';

/**
 * One viewer's copy of the room, kept from `room:state` and `room:patch` messages. A patch applies
 * only to the version it names; any other is a gap (a message was lost): the owner then asks for a
 * full state (`room:resync`) and ignores patches until it arrives. Framework-free: the browser
 * client and the test kit's bots each wrap it.
 */
export class RoomReplica {
  private current: RoomView | null = null;
  private at: number | null = null;
  /** A gap was seen: waiting for a full state; patches meanwhile are ignored. */
  private resyncing = false;

  get view(): RoomView | null {
    return this.current;
  }

  get version(): number | null {
    return this.at;
  }

  /** A full state: replaces everything. */
  receiveState(view: RoomView, version: number): void {
    this.current = view;
    this.at = version;
    this.resyncing = false;
  }

  /**
   * A patch: 'applied' when it continues this replica's version; 'gap' the first time one does not
   * (ask for a full state); 'ignored' before any full state and while one is awaited.
   */
  receivePatch(patch: RoomPatch): ReplicaOutcome {
    if (this.current === null || this.at === null || this.resyncing) return 'ignored';
    if (patch.base !== this.at) {
      this.resyncing = true;
      return 'gap';
    }
    try {
      this.current = applyPatch(this.current, patch);
    } catch {
      // A patch that does not fit (it cannot, in order; but never trust it): start over from a full state.
      this.resyncing = true;
      return 'gap';
    }
    this.at = patch.v;
    return 'applied';
  }

  /** The full state asked for did not come (the request failed): the next patch may ask again. */
  resyncFailed(): void {
    this.resyncing = false;
    // Forget the version so the next patch is a gap again rather than applied on a stale base.
    this.at = Number.NaN;
  }

  clear(): void {
    this.current = null;
    this.at = null;
    this.resyncing = false;
  }
}
