export * from './evidence-packet';
export * from './evidence-html';
