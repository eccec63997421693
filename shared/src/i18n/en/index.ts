import { common } from './common.js';
import { clinic } from './clinic.js';
import { crisis } from './crisis.js';
import { groups } from './groups.js';

/** The English catalogue: one module per area of the product (an i18next namespace each). */
export const en = { common, crisis, groups, clinic } as const;
