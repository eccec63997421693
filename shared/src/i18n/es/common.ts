import type { Translation } from '../index.js';
import type { common as en } from '../en/common.js';

export const common: Translation<typeof en> = {
  language: 'Idioma',
  languageName: { en: 'English', es: 'Español' },
  close: 'Cerrar',
  cancel: 'Cancelar',
  save: 'Guardar',
  back: 'Volver',
  loading: 'Cargando…',
};
