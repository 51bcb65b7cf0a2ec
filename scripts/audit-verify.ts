// `npm run audit:verify`: checks the whole audit trail's hash chain.
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';

const db = await openDatabase(readConfig());
try {
  const report = await verifyAuditChain(db.url);
  if (report.ok) {
    process.stdout.write(`Audit trail intact: ${report.entries} entries, every hash and link verified.\n`);
  } else {
    process.stdout.write(`Audit trail BROKEN at entry ${report.entryId}: ${report.problem} (${report.entries} entries read).\n`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
