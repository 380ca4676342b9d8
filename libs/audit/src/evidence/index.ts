export * from './evidence-packet';
export * from './evidence-html';
export * from './care-team-evidence';
export * from './medication-evidence';
