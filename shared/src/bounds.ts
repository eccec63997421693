/**
 * Bounds on untrusted values, checked without recursion: a payload nested ten thousand levels deep
 * is measured with an explicit stack and refused at the first level over the limit, so no check can
 * itself overflow the call stack.
 */

export interface ValueBounds {
  /** Deepest nesting of arrays and objects (the value itself is depth 0). */
  readonly maxDepth: number;
  /** Most array elements and object properties, counted over the whole value. */
  readonly maxNodes: number;
  /** Most characters of its JSON form. */
  readonly maxBytes: number;
}

/** A socket event's arguments as a whole, before its own schema runs. */
export const PAYLOAD_BOUNDS: ValueBounds = { maxDepth: 12, maxNodes: 4096, maxBytes: 64 * 1024 };

export type BoundsProblem = 'too deep' | 'too many values' | 'too large' | 'not plain data';

/** The first way `value` breaks `bounds`, or null. Never throws, never recurses. */
export function boundsProblem(value: unknown, bounds: ValueBounds): BoundsProblem | null {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  let bytes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    switch (typeof v) {
      case 'string':
        // Escapes included; a string is at most the message size, and stringifying it does not recurse.
        bytes += JSON.stringify(v).length;
        break;
      case 'number':
        bytes += Number.isFinite(v) ? String(v).length : 4;
        break;
      case 'boolean':
        bytes += v ? 4 : 5;
        break;
      case 'undefined':
        // Left out of JSON (an ack-less socket.io argument, an optional field).
        break;
      case 'object': {
        if (v === null) {
          bytes += 4;
          break;
        }
        if (depth >= bounds.maxDepth) return 'too deep';
        const proto = Object.getPrototypeOf(v) as unknown;
        if (Array.isArray(v)) {
          nodes += v.length;
          bytes += 2 + Math.max(0, v.length - 1);
          if (nodes > bounds.maxNodes) return 'too many values';
          for (const item of v) stack.push([item as unknown, depth + 1]);
        } else if (proto === Object.prototype || proto === null) {
          const keys = Object.keys(v);
          nodes += keys.length;
          if (nodes > bounds.maxNodes) return 'too many values';
          for (const k of keys) {
            bytes += JSON.stringify(k).length + 1;
            stack.push([(v as Record<string, unknown>)[k], depth + 1]);
          }
          bytes += 2 + Math.max(0, keys.length - 1);
        } else {
          // Dates, maps, class instances, and socket.io's binary attachments: no client event carries them.
          return 'not plain data';
        }
        break;
      }
      default:
        // bigint, symbol, function: nothing JSON or socket.io produces.
        return 'not plain data';
    }
    if (bytes > bounds.maxBytes) return 'too large';
  }
  return null;
}
