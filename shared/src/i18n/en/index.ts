import { common } from './common.js';
import { crisis } from './crisis.js';
import { member } from './member.js';
import { checkin } from './checkin.js';
import { lobby } from './lobby.js';
import { app } from './app.js';
import { errors } from './errors.js';
import { notices } from './notices.js';
import { email } from './email.js';

/** The English catalogue: one module per area of the product (an i18next namespace each). */
export const en = { common, crisis, member, checkin, lobby, app, errors, notices, email } as const;
