// The Social Affairs Bureau's file drop: CSV exports land in a folder, some
// in Big5 and some in UTF-8 with a byte-order mark. The only code that does
// I/O against the agency; each file is identified by its content hash.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export interface DropFile {
  name: string;
  sha256: string;
  /** The header line's column names, as the agency wrote them. */
  headers: string[];
  /** Header name → value, as the agency wrote them. */
  rows: Record<string, string>[];
}

export interface WelfareSource {
  /** Every CSV file in the drop folder, decoded, oldest name first. */
  files(): Promise<DropFile[]>;
  describe(): string;
}

/** UTF-8 when the file says so (BOM) or decodes cleanly; Big5 otherwise. */
export function decodeAgencyFile(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'big5') : utf8;
}

export class FolderWelfareSource implements WelfareSource {
  constructor(private readonly folder: string) {}

  async files(): Promise<DropFile[]> {
    await mkdir(this.folder, { recursive: true });
    const names = (await readdir(this.folder)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
    return Promise.all(
      names.map(async (name) => {
        const bytes = await readFile(path.join(this.folder, name));
        let headers: string[] = [];
        const columns = (header: string[]) => (headers = header);
        const rows = parse(decodeAgencyFile(bytes), { columns, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
        return { name, sha256: createHash('sha256').update(bytes).digest('hex'), headers, rows };
      }),
    );
  }

  describe(): string {
    return `file drop ${this.folder}`;
  }
}
