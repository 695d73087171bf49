export * from './analyze.js';
export * from './plan.js';
