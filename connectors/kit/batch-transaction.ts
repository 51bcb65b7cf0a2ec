// The transaction options of one sync batch. Prisma's interactive
// transactions end after 5 s by default; a batch of a few thousand rows with
// its linking bookkeeping can take longer on a loaded machine, and a sync is
// a batch job, not a request (requests keep their own bounds).
export const BATCH_TRANSACTION = { maxWait: 30_000, timeout: 120_000 } as const;
