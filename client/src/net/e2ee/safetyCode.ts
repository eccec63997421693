/**
 * End-to-end encrypted media, the safety code (issue 25): six pictures everyone in the session can
 * compare aloud ("apple, boat, cat…"). It is a hash of every participant's device public key as this
 * browser received them, so a server that handed someone a key of its own would show that person a
 * different code. It changes when the set of keys changes (someone joins, leaves or reloads).
 */
import { own } from './frameCrypto';

/** 64 pictures, each easy to name aloud; `name` is the catalogue key of its spoken name. */
export const SAFETY_PICTURES = [
  ['🍎', 'apple'],
  ['🚲', 'bicycle'],
  ['⛵', 'boat'],
  ['📚', 'books'],
  ['🎈', 'balloon'],
  ['🐝', 'bee'],
  ['🐦', 'bird'],
  ['🦋', 'butterfly'],
  ['🌵', 'cactus'],
  ['🎂', 'cake'],
  ['📷', 'camera'],
  ['🚗', 'car'],
  ['🥕', 'carrot'],
  ['🐱', 'cat'],
  ['🍒', 'cherries'],
  ['⏰', 'clock'],
  ['☁️', 'cloud'],
  ['🌽', 'corn'],
  ['🦀', 'crab'],
  ['👑', 'crown'],
  ['🐶', 'dog'],
  ['🐬', 'dolphin'],
  ['🦆', 'duck'],
  ['🦅', 'eagle'],
  ['🐘', 'elephant'],
  ['🪶', 'feather'],
  ['🔥', 'fire'],
  ['🐟', 'fish'],
  ['🌸', 'flower'],
  ['🦊', 'fox'],
  ['🐸', 'frog'],
  ['🎸', 'guitar'],
  ['🔨', 'hammer'],
  ['❤️', 'heart'],
  ['🏠', 'house'],
  ['🔑', 'key'],
  ['🍋', 'lemon'],
  ['💡', 'lightbulb'],
  ['🦁', 'lion'],
  ['🔒', 'lock'],
  ['🍁', 'leaf'],
  ['🌙', 'moon'],
  ['🍄', 'mushroom'],
  ['🐙', 'octopus'],
  ['🦉', 'owl'],
  ['🐼', 'panda'],
  ['✏️', 'pencil'],
  ['🐧', 'penguin'],
  ['🍕', 'pizza'],
  ['🌈', 'rainbow'],
  ['🚀', 'rocket'],
  ['⭐', 'star'],
  ['🍓', 'strawberry'],
  ['☀️', 'sun'],
  ['☂️', 'umbrella'],
  ['🐢', 'turtle'],
  ['🌳', 'tree'],
  ['🏆', 'trophy'],
  ['🚂', 'train'],
  ['🌷', 'tulip'],
  ['🐳', 'whale'],
  ['🍉', 'watermelon'],
  ['⚓', 'anchor'],
  ['🧩', 'puzzle'],
] as const satisfies readonly (readonly [string, string])[];

export const SAFETY_CODE_LENGTH = 6;

export interface KeyHolder {
  participantId: string;
  publicRaw: Uint8Array;
}

/** The code's pictures (indices into `SAFETY_PICTURES`), the same on every screen that holds the same keys. */
export async function safetyCode(holders: readonly KeyHolder[]): Promise<number[]> {
  const text = new TextEncoder();
  const sorted = [...holders].sort((a, b) =>
    a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0,
  );
  const parts: number[] = [...text.encode('Circle 1.0 safety code')];
  for (const h of sorted) {
    const id = text.encode(h.participantId);
    parts.push(id.length >> 8, id.length & 0xff, ...id, h.publicRaw.length, ...h.publicRaw);
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', own(Uint8Array.from(parts))));
  // Six 6-bit indices from the digest's first 36 bits.
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  bits >>= 4n;
  const out: number[] = [];
  for (let i = SAFETY_CODE_LENGTH - 1; i >= 0; i--) out.push(Number((bits >> BigInt(6 * i)) & 0x3fn));
  return out;
}
