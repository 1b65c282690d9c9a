import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const target = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';
const proxy = Object.fromEntries(['/api', '/sandbox', '/health', '/hooks'].map((p) => [p, { target, changeOrigin: true }]));

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: { outDir: 'dist', chunkSizeWarningLimit: 1500 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // its ESM imports name files without their extension, which only a bundler resolves
    server: { deps: { inline: ['codemirror-json-schema'] } },
  },
});
