import type { Catalogue, Translation } from '../index.js';
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

/** El catálogo en español: las mismas claves que el inglés (comprobado al compilar y en las pruebas). */
export const es: Translation<Catalogue> = {
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
};
