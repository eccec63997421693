import type { Translation } from '../index.js';
import type { supervisor as en } from '../en/supervisor.js';

export const supervisor: Translation<typeof en> = {};
