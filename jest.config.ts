import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testRegex: '.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ccm/domain$': '<rootDir>/libs/domain/src',
    '^@ccm/event-store$': '<rootDir>/libs/event-store/src',
    '^@ccm/billing$': '<rootDir>/libs/billing/src',
    '^@ccm/projections$': '<rootDir>/libs/projections/src',
  },
  testTimeout: 30000,
};

export default config;
