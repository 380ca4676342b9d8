/** Used only outside production when CCM_JWT_SECRET is unset; the api logs loudly that it is in use. */
export const DEVELOPMENT_JWT_SECRET = 'ccm-development-secret-do-not-use-in-production';

export interface JwtSecretChoice {
  readonly secret: string;
  readonly isDevelopmentSecret: boolean;
}

export function chooseJwtSecret(env: NodeJS.ProcessEnv): JwtSecretChoice {
  const configured = env.CCM_JWT_SECRET;
  if (configured && configured.length > 0) {
    if (env.NODE_ENV === 'production' && configured.length < 32) {
      throw new Error('CCM_JWT_SECRET must be at least 32 characters in production');
    }
    return { secret: configured, isDevelopmentSecret: false };
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('CCM_JWT_SECRET is required in production (NODE_ENV=production)');
  }
  return { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: true };
}
