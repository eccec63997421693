/** The group agreement members accept before they are admitted. Versioned: the accepted version is recorded. */
export const AGREEMENT_VERSION = '2026-1';

export const AGREEMENT_POINTS: readonly string[] = [
  'What members share here stays here. I will not tell anyone outside the group who was in it or what they said.',
  'I will not record, screenshot or photograph the session, and I will not let anyone else do so.',
  'I join from a private place with the door closed, and I use headphones if anyone could overhear. No one else is in the room with me.',
  'I keep my camera on unless I have agreed otherwise with my therapist, and I do not use alcohol or drugs before group.',
  'My promise of confidentiality is to the other members; it is not a legal protection. My therapist has explained when they must break confidentiality (risk of harm, mandated reporting).',
  'This group is not an emergency service. In a crisis I use the Crisis support button (988) or call 911.',
  'I understand I can be removed from the group for breaking this agreement.',
];
