export * from './analyze.js';
export * from './plan.js';
export * from './audit-pack.js';
export * from './locate.js';
export * from './services-indicators.js';
