export * from './parameters.js';
export * from './costs.js';
