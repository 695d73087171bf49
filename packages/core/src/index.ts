export * from './domain.js';
export * from './geo/distance.js';
export * from './geo/polygon-index.js';
export * from './quality/index.js';
export * from './raster.js';
export * from './spatial/sphere-index.js';
export * from './analysis/index.js';
export * from './planning/index.js';
