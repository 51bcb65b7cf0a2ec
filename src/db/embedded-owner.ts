// Who owns the embedded PostgreSQL of a data folder. One process at a time
// owns it (the hub, or a command run while no hub is running): the owner is
// the only one that may stop it, and only if it started it. Everyone else
// attaches and leaves it running. The claim is a small file beside the data
// folder holding the owner's pid, created with O_EXCL so two processes
// starting together cannot both win; a claim whose process is gone (a hub
// killed with SIGKILL) is stale and taken over.
import { readFile, rm, writeFile } from 'node:fs/promises';

export interface OwnerClaim {
  pid: number;
  /** What the owner is, for the message a refused hub prints ("npm start", "npm run sync", …). */
  command: string;
}

export type ClaimResult = { claimed: true; release(): Promise<void> } | { claimed: false; owner: OwnerClaim };

export function ownerFileOf(dataDir: string): string {
  return `${dataDir}.owner`;
}

/** Claims the folder for this process, or names the live process that holds it. */
export async function claimOwnership(dataDir: string, command: string): Promise<ClaimResult> {
  const file = ownerFileOf(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await readClaim(file);
    if (current && (await isLiveNodeProcess(current.pid)) && current.pid !== process.pid) return { claimed: false, owner: current };
    if (current) await rm(file, { force: true });
    try {
      await writeFile(file, JSON.stringify({ pid: process.pid, command } satisfies OwnerClaim), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process claimed it between our read and our write: read again.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    return { claimed: true, release: () => releaseClaim(file) };
  }
  const winner = await readClaim(file);
  if (winner) return { claimed: false, owner: winner };
  throw new Error(`Could not claim ${file}: it keeps changing; is something else starting on this folder?`);
}

async function releaseClaim(file: string): Promise<void> {
  const current = await readClaim(file);
  if (current?.pid === process.pid) await rm(file, { force: true });
}

async function readClaim(file: string): Promise<OwnerClaim | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<OwnerClaim>;
    return Number.isInteger(parsed.pid) && (parsed.pid as number) > 0 ? { pid: parsed.pid as number, command: String(parsed.command ?? 'a process') } : { pid: 0, command: 'unreadable claim' };
  } catch {
    // A claim cut short by a crash mid-write: nobody holds it.
    return { pid: 0, command: 'unreadable claim' };
  }
}

export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A live claim is a live Node process: after a reboot or a long time the pid
 * may have been reused by something unrelated, which must not hold the folder.
 * Without /proc the process cannot be told apart, and alive is the safe answer.
 */
async function isLiveNodeProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return command === null || /(^|\/)node(\0|$)/.test(command);
}
