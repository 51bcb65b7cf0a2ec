// A subgraph served on its own (`npm run subgraph`) must use the secrets of
// the deployment it belongs to: the key that verifies the tokens the gateway
// forwards, the cohort key that seals cross-agency cohorts, and the audit key.
// Made up on the spot (a data folder of its own makes fresh development keys)
// they fail silently: every forwarded token is refused and the agency looks
// merely unavailable. So a subgraph never makes a key: outside development it
// needs every secret from the environment, and in development it may take
// only the keys a hub already made in HUB_DATA_DIR/keys.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../config.ts';

const DEVELOPMENT_ENVIRONMENTS = new Set(['development', 'test']);

/** What is missing, one line per secret; empty when the subgraph may start. */
export function missingSubgraphSecrets(config: Pick<HubConfig, 'dataDir' | 'jwtPublicKeyFile' | 'jwksFile' | 'nodeEnv'>, env: NodeJS.ProcessEnv = process.env): string[] {
  const development = DEVELOPMENT_ENVIRONMENTS.has(config.nodeEnv);
  const keys = path.resolve(config.dataDir, 'keys');
  const hubMade = (file: string) => development && existsSync(path.join(keys, file));
  const missing: string[] = [];
  if (!config.jwtPublicKeyFile && !config.jwksFile && !hubMade('dev-public.pem')) {
    missing.push('HUB_JWT_PUBLIC_KEY_FILE or HUB_JWKS_FILE (the key that verifies the tokens the gateway forwards)');
  }
  if (!env.HUB_COHORT_KEY && !hubMade('cohort.key')) missing.push('HUB_COHORT_KEY (the same for every subgraph: seals cross-agency cohorts)');
  if (!env.HUB_AUDIT_KEY && !hubMade('audit.key')) missing.push('HUB_AUDIT_KEY (the same for every process: signs the audit trail\'s head)');
  return missing;
}

export function assertSubgraphSecrets(config: Pick<HubConfig, 'dataDir' | 'jwtPublicKeyFile' | 'jwksFile' | 'nodeEnv'>, env: NodeJS.ProcessEnv = process.env): void {
  const missing = missingSubgraphSecrets(config, env);
  if (missing.length === 0) return;
  const where = DEVELOPMENT_ENVIRONMENTS.has(config.nodeEnv)
    ? `In development a subgraph may instead use the keys the hub made: run it with the hub's HUB_DATA_DIR (${path.resolve(config.dataDir, 'keys')} has none of these).`
    : '';
  throw new Error(`A subgraph never makes its own keys, which would refuse every token the hub forwards. Set:\n  ${missing.join('\n  ')}\n${where}`.trimEnd());
}
