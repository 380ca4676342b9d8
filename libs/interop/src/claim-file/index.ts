export * from './claim-file';
export * from './claim-csv';
export * from './claim-837p';
export * from './control-numbers';
export * from './read-837p';
export * from './claim-file-formats';
