export * from './issues.js';
export * from './parameters.js';
export * from './records.js';
export * from './duplicates.js';
export * as values from './values.js';
