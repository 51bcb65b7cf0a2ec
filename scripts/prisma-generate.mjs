// Runs `prisma generate` offline. The Prisma CLI wants a native schema engine
// before generating, and downloads one when none is named; generation itself
// never uses it, so naming any existing file (node itself) keeps it offline.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate', '--no-hints'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
