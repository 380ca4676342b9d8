/** Injection tokens for the ports the api is wired to. */
export const EVENT_STORE = Symbol('EventStore');
export const APP_CONFIG = Symbol('AppConfig');
export const CLOCK = Symbol('Clock');
