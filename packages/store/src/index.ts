export * from './database.js';
export * from './migrate.js';
export * from './layers.js';
export * from './upsert.js';
export * from './datasets.js';
export * from './population.js';
export * from './queries.js';
export { openStore, DEFAULT_DATA_DIR } from './open.js';
