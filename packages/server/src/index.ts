export { buildApp, type App, type AppOptions } from './app.js';
export { hashPassword, newApiKey, randomToken } from './crypto.js';
export { serve } from './serve.js';
export { encodePng } from './png.js';
export type { OnlineBasemap } from './routes/settings.js';
