import './zodConfig.js';
export * from './errors.js';
export * from './schemas.js';
export * from './views.js';
export * from './events.js';
export * from './agreement.js';
export * from './crisis.js';
export * from './agenda.js';
export * from './health.js';
