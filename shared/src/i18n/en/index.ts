import { common } from './common.js';
import { crisis } from './crisis.js';
import { join } from './join.js';
import { room } from './room.js';
import { staff } from './staff.js';
import { chat } from './chat.js';
import { agenda } from './agenda.js';
import { pairs } from './pairs.js';
import { reactions } from './reactions.js';
import { effects } from './effects.js';
import { supervisor } from './supervisor.js';
import { network } from './network.js';
import { support } from './support.js';
import { member } from './member.js';
import { checkin } from './checkin.js';
import { lobby } from './lobby.js';
import { app } from './app.js';
import { errors } from './errors.js';
import { notices } from './notices.js';
import { email } from './email.js';
import { clinic } from './clinic.js';
import { groups } from './groups.js';

/** The English catalogue: one module per area of the product (an i18next namespace each). */
export const en = {
  common,
  crisis,
  join,
  room,
  staff,
  chat,
  agenda,
  pairs,
  reactions,
  effects,
  supervisor,
  network,
  support,
  member,
  checkin,
  lobby,
  app,
  errors,
  notices,
  email,
  clinic,
  groups,
} as const;
