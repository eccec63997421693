import type { Catalogue, Translation } from '../index.js';
import { common } from './common.js';
import { clinic } from './clinic.js';
import { crisis } from './crisis.js';
import { groups } from './groups.js';

/** El catálogo en español: las mismas claves que el inglés (comprobado al compilar y en las pruebas). */
export const es: Translation<Catalogue> = { common, crisis, groups, clinic };
