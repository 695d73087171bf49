export * from './parameters.js';
export * from './population.js';
export * from './infrastructure.js';
export * from './neighbours.js';
export * from './status.js';
export * from './analyse.js';
export * from './summary.js';
