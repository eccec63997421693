/**
 * `@circle/shared/constants`: the zod-free part of the contract (constants, error codes and helpers,
 * crisis lines, reactions, room patches). The client's first screen imports values from here, so the
 * schemas (and zod) load only with the screens that parse bodies; types come from `@circle/shared`.
 */
export * from './errors.js';
export * from './limits.js';
export * from './bounds.js';
export * from './crisis.js';
export * from './agenda.js';
export * from './agreement.js';
export * from './mediaClaims.js';
export * from './reactions.js';
export * from './roomPatch.js';
