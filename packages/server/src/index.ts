export { buildApp, type App, type AppOptions } from './app.js';
export { hashPassword, randomToken } from './crypto.js';
export { serve } from './serve.js';
