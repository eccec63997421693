import type { Catalogue, Translation } from '../index.js';
import { common } from './common.js';
import { crisis } from './crisis.js';
import { member } from './member.js';
import { checkin } from './checkin.js';
import { lobby } from './lobby.js';
import { app } from './app.js';
import { errors } from './errors.js';
import { notices } from './notices.js';
import { email } from './email.js';

/** El catálogo en español: las mismas claves que el inglés (comprobado al compilar y en las pruebas). */
export const es: Translation<Catalogue> = { common, crisis, member, checkin, lobby, app, errors, notices, email };
