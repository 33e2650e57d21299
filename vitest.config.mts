import { defineConfig } from 'vitest/config'
import path from 'node:path'

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      'server-only': path.join(import.meta.dirname, 'test/server-only-stub.ts'),
    },
  },
  test: {
    include: ['{lib,server,lab,components,cli}/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // What a test printed is shown when it fails (the change records' log lines would drown the rest).
    silent: 'passed-only',
    hookTimeout: 60_000,
  },
})
