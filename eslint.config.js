import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/dist-types/**', '**/node_modules/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Layers: the room's rules are pure. Domain code imports the shared contract, other domain
  // modules and luxon (time-zone arithmetic, no I/O, never the clock) only: no sockets, HTTP,
  // mediasoup, stores, timers or app code.
  {
    files: ['server/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@circle/shared$|luxon$|\\./)',
              message: 'domain/ imports only @circle/shared, luxon and other domain modules (pure rules, no I/O).',
            },
          ],
        },
      ],
    },
  },
  // Client layers: screens read stores and call actions (client/src/actions); only net/ owns the socket,
  // mediasoup-client and the HTTP calls, and the actions are the way to it.
  {
    files: ['client/src/features/**/*.{ts,tsx}', 'client/src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)net(/|$)',
              message: 'features/ and ui/ call named actions (client/src/actions), never net/ directly.',
            },
            {
              regex: '^(socket\\.io-client|mediasoup-client)(/|$)',
              message: 'Only client/src/net owns the socket and mediasoup-client: call an action.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
