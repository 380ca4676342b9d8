export const OBSERVABILITY_CONFIG = Symbol('ObservabilityConfig');
