import next from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      '.lab/**',
      'node_modules/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  {
    // The layering rules of ARCHITECTURE.md: the UI and lib talk to /api/v1 only; product code never sees the lab.
    files: ['components/**', 'lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@/server/*', '@/lab/*', '**/server/*', '**/lab/*'] },
      ],
    },
  },
  {
    files: ['app/**', 'server/**', 'test/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@/lab/*', '**/lab/*'] }] },
  },
]

export default config
