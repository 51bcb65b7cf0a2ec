// Child process for the restart tests: starts an embedded PostgreSQL on the
// folder and port given as a hub does (owning the folder), says "ready",
// then waits to be killed.
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

const [dataDir, port] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port), exclusive: true, command: 'a test hub' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void server.stop().finally(() => process.exit(0)));
setInterval(() => undefined, 60_000);
