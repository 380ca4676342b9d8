/**
 * A patient-month derived from the events, as pure functions over plain data: the patient's ledger, each
 * month's activity, consent over the month, the billing facts document and the engine's decision. The
 * read models store what these derive; claims and the audit derive a month straight from the events with
 * the same functions, so a lagging or rebuilt read model never changes what a month is.
 */
export * from './billing-facts';
export * from './calendar';
export * from './care-team-access';
export * from './consent-over-month';
export * from './events/decode';
export * from './extra-billing-facts';
export * from './fact-defaults';
export * from './ledger-billing-facts';
export * from './month-activity';
export * from './month-billing';
export * from './month-from-events';
export * from './month-state';
export * from './patient-ledger';
export * from './patient-month';
export * from './patient-months';
export * from './practice-snapshot';
export * from './stored-month';
