import type { Config } from 'jest';
import { join } from 'node:path';

const base: Config = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testRegex: '.*\\.spec\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // NestJS 12 ships as ES modules; Jest 29 runs CommonJS, so those packages are rewritten on load.
    '^.+\\.m?js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        plugins: [
          join(__dirname, 'scripts', 'jest-import-meta.js'),
          '@babel/plugin-transform-modules-commonjs',
        ],
      },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|uint8array-extras|load-esm|jose)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ccm/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@ccm/([a-z-]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
  },
};

/**
 * Everything once; then the api suites a second time on the EventStoreDB adapter, through the real
 * client over gRPC to the protocol test server.
 */
const config: Config = {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'all' },
    {
      ...base,
      displayName: 'api on eventstoredb',
      testRegex: 'apps/api/src/e2e/.*\\.e2e\\.spec\\.ts$',
      setupFiles: ['<rootDir>/apps/api/src/testing/use-eventstoredb.ts'],
    },
  ],
};

export default config;
