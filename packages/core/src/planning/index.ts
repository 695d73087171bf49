export * from './parameters.js';
export * from './costs.js';
export * from './options.js';
