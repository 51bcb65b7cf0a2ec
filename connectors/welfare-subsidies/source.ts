// The Social Affairs Bureau's file drop: CSV exports land in a folder, some
// in Big5 and some in UTF-8 with a byte-order mark (and, saved from Excel as
// "Unicode text", UTF-16). The only code that does I/O against the agency;
// each file is identified by its content hash. A file that cannot be read,
// or the lines of one that cannot be parsed, come back as unreadable parts
// for the sync to quarantine: one bad file never stops the drop.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { readCsvRecords, type UnreadablePart } from './csv-records.ts';

export type { UnreadablePart } from './csv-records.ts';

export interface DropFile {
  name: string;
  sha256: string;
  /** The header line's column names, as the agency wrote them. */
  headers: string[];
  /** Header name → value, as the agency wrote them. */
  rows: Record<string, string>[];
  /** The line of the file each row starts on (the header is line 1). */
  lines: number[];
  /** What could not be read: lines (a broken quote) or the whole file (line null). */
  unreadable: UnreadablePart[];
}

export interface WelfareSource {
  /** Every CSV file in the drop folder, decoded, oldest name first. */
  files(): Promise<DropFile[]>;
  describe(): string;
}

/** UTF-16 without a byte-order mark: most of the ASCII half of every character is a zero byte, on one side only. */
function utf16WithoutBom(bytes: Buffer): 'utf16le' | 'utf16be' | null {
  const sample = bytes.subarray(0, 4_096 - (Math.min(bytes.length, 4_096) % 2));
  let [even, odd] = [0, 0];
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = sample.length / 2;
  if (pairs < 2) return null;
  // A CJK character's own zero byte (一 is U+4E00) is rare; a block of NULs in a UTF-8 file falls on both sides alike.
  if (odd > pairs / 5 && odd > 8 * even) return 'utf16le';
  if (even > pairs / 5 && even > 8 * odd) return 'utf16be';
  return null;
}

/** UTF-8 when the file says so (BOM) or decodes cleanly; UTF-16 by its BOM or its zero bytes; Big5 otherwise. */
export function decodeAgencyFile(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf16be');
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return iconv.decode(bytes, utf16);
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'big5') : utf8;
}

/** A file the drop holds but that cannot be read at all (a folder named *.csv, no permission). */
function unreadableFile(name: string, error: NodeJS.ErrnoException): DropFile {
  const why = error.code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${error.code ?? error.name})`;
  // Hashed from the failure, so the next run passes over it until the file changes.
  const sha256 = createHash('sha256').update(`unreadable\u0000${name}\u0000${error.code ?? error.name}`).digest('hex');
  return { name, sha256, headers: [], rows: [], lines: [], unreadable: [{ line: null, reason: why, text: '' }] };
}

export class FolderWelfareSource implements WelfareSource {
  constructor(private readonly folder: string) {}

  async files(): Promise<DropFile[]> {
    await mkdir(this.folder, { recursive: true });
    const names = (await readdir(this.folder)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
    return Promise.all(
      names.map(async (name): Promise<DropFile> => {
        let bytes: Buffer;
        try {
          bytes = await readFile(path.join(this.folder, name));
        } catch (error) {
          return unreadableFile(name, error as NodeJS.ErrnoException);
        }
        return { name, sha256: createHash('sha256').update(bytes).digest('hex'), ...readCsvRecords(decodeAgencyFile(bytes)) };
      }),
    );
  }

  describe(): string {
    return `file drop ${this.folder}`;
  }
}
