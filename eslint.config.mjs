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
    // A leading underscore names what a destructuring leaves out on purpose.
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
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
    // CommonJS scripts (the CLI's bin, npm's prepare step) load modules with require.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The CLI is a client of /api/v1 like the UI (its tests start a server and a lab).
    files: ['cli/**'],
    ignores: ['cli/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@/server/*', '@/lab/*', '**/server/*', '**/lab/*', '@/*'] },
      ],
    },
  },
  {
    files: ['app/**', 'server/**', 'test/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@/lab/*', '**/lab/*'] }] },
  },
]

export default config
