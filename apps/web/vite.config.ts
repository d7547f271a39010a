import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    // In production the API serves this app from the same origin; in dev the proxy keeps it that way.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
