/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// During `npm run dev`, /api is proxied to a running `weft studio`
// (override the address with WEFT_API).
const api = process.env.WEFT_API ?? 'http://127.0.0.1:34999';

export default defineConfig({
  plugins: [react()],
  base: './',
  server: {
    proxy: { '/api': { target: api, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // a ceiling, not a timing: on a loaded 2-core machine the first import of
    // a lazily loaded chunk (the chart library) alone can take seconds
    testTimeout: 30_000,
  },
});
