// Child process for the restart test: starts an embedded PostgreSQL on the
// folder and port given, says "ready", then waits to be killed.
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

const [dataDir, port] = process.argv.slice(2);
await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port) });
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
