// Builds the token-verification settings from the hub's configuration.
import { DEVELOPMENT_ISSUER, type HubConfig } from '../config.ts';
import { loadVerificationKeys, type AuthSettings } from './keys.ts';

export async function authSettingsFrom(config: HubConfig): Promise<AuthSettings> {
  const production = config.nodeEnv === 'production';
  const { keys, keyId, development } = await loadVerificationKeys({
    publicKeyFile: config.jwtPublicKeyFile,
    jwksFile: config.jwksFile,
    algorithm: config.jwtAlgorithm,
    keyId: config.jwtKeyId,
    dataDir: config.dataDir,
    production,
  });
  if (production && development) {
    throw new Error('Production mode refuses the development signing key: configure the identity provider key instead');
  }
  if (production && config.jwtIssuer === DEVELOPMENT_ISSUER) {
    throw new Error('Production mode needs HUB_JWT_ISSUER: the issuer of the identity provider whose tokens the hub accepts');
  }
  return {
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    keys,
    keyId,
    maxLifetimeSeconds: Math.round(config.jwtMaxLifetimeHours * 3600),
    development,
  };
}
