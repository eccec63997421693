import './zodConfig.js';
export * from './errors.js';
export * from './schemas.js';
export * from './views.js';
export * from './events.js';
export * from './roomPatch.js';
export * from './agreement.js';
export * from './crisis.js';
export * from './agenda.js';
export * from './health.js';
export * from './bounds.js';
export * from './mediaClaims.js';
export * from './notices.js';
export * from './http.js';
export * from './staff.js';
export * from './groups.js';
export * from './reactions.js';
/** The languages Circle speaks (the catalogue itself is '@circle/shared/i18n'). */
export { LANGUAGES, isLanguage, type Language } from './i18n/index.js';
