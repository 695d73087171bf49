import { defineConfig } from 'vite';

// The app is served by the API server (same origin, no CDN at run time); `npm run dev -w @postatlas/web`
// proxies /api to a running `postatlas serve`.
export default defineConfig({
  build: { outDir: 'dist/app', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
