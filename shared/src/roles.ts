import './zodConfig.js';
import { z } from 'zod';

/** Who someone is in a session. */
export const Role = {
  member: 'member',
  therapist: 'therapist',
  supervisor: 'supervisor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roleSchema = z.enum([Role.member, Role.therapist, Role.supervisor]);
