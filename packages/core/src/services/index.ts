export * from './hsds.js';
export * from './taxonomy.js';
export * from './schedule.js';
export * from './locate.js';
export * from './validate.js';
export * from './places.js';
export * from './office.js';
export * from './reach.js';
