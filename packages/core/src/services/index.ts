export * from './hsds.js';
export * from './taxonomy.js';
export * from './schedule.js';
export * from './locate.js';
export * from './validate.js';
