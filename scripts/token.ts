// `npm run token -- --unit SOCIAL --role CASEWORKER [--org 3] [--district XITUN] [--sub w-1] [--purpose CASE_WORK] [--ttl 8h]`
// Prints a development token signed with the key `npm start` uses.
import { parseArgs } from 'node:util';
import { PURPOSES, ROLES, type Purpose, type Role } from '../src/auth/claims.ts';
import { mintDevToken } from '../src/auth/mint-token.ts';
import { runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { DISTRICT_CODES, UNIT_CODES, type DistrictCode, type UnitCode } from '../src/domain/codes.ts';

const USAGE = `usage: npm run -s token -- --unit <${UNIT_CODES.join('|')}> --role <${ROLES.join('|')}> [--role …] [--org <id>] [--district <code>] [--sub <worker>] [--purpose <${PURPOSES.join('|')}>] [--ttl <hours>]`;

function fail(message: string): never {
  throw new UsageError(message);
}

await runCli(async () => {
  const config = readConfig();
  if (config.nodeEnv === 'production') fail('Development tokens are refused in production mode.');
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        unit: { type: 'string' }, role: { type: 'string', multiple: true }, org: { type: 'string' },
        district: { type: 'string', multiple: true }, sub: { type: 'string' }, purpose: { type: 'string' }, ttl: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const unit = values.unit?.toUpperCase();
  if (!unit || !(UNIT_CODES as readonly string[]).includes(unit)) fail(`--unit must be one of ${UNIT_CODES.join(', ')}`);
  const roles = (values.role ?? []).map((r) => r.toUpperCase());
  if (roles.length === 0 || !roles.every((r) => (ROLES as readonly string[]).includes(r))) fail(`--role must be one of ${ROLES.join(', ')}`);
  const districts = (values.district ?? []).map((d) => d.toUpperCase());
  if (!districts.every((d) => (DISTRICT_CODES as readonly string[]).includes(d))) fail(`--district must be one of ${DISTRICT_CODES.join(', ')}`);
  const org = values.org === undefined ? null : Number(values.org);
  if (unit === 'NGO' && (org === null || !Number.isSafeInteger(org))) fail('--org <organisation id> is required for NGO tokens');
  const purpose = values.purpose?.toUpperCase() ?? null;
  if (purpose && !(PURPOSES as readonly string[]).includes(purpose)) fail(`--purpose must be one of ${PURPOSES.join(', ')}`);
  const ttlHours = Number(values.ttl ?? '8');
  if (!(ttlHours > 0 && ttlHours <= config.jwtMaxLifetimeHours)) fail(`--ttl must be more than 0 and at most ${config.jwtMaxLifetimeHours} hours (HUB_JWT_MAX_LIFETIME_HOURS)`);

  const token = await mintDevToken(
    { sub: values.sub ?? `w-${unit.toLowerCase()}-dev`, unit: unit as UnitCode, org, districts: districts as DistrictCode[], roles: roles as Role[], purpose: purpose as Purpose | null },
    { dataDir: config.dataDir, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: Math.round(ttlHours * 3600) },
  );
  process.stdout.write(`${token}\n`);
}, { usage: USAGE });
