// The Education Bureau's dropout register (中輟通報及復學系統), read with pg:
// the only code that does I/O against the agency. The demo builds it as the
// schema agency_education; HUB_EDUCATION_SOURCE_URL points at a real one.
import pg from 'pg';
import type { CursorPosition } from '../kit/cursor-sync.ts';
import type { DropoutRow } from './mapping.ts';

export class PgDropoutSource {
  private readonly pool: pg.Pool;

  constructor(private readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  async changedSince(position: CursorPosition | null, limit: number): Promise<DropoutRow[]> {
    const { rows } = await this.pool.query<DropoutRow>(
      `SELECT row_id, stu_idno, stu_name, stu_birth, sch_code, drop_date, back_date, refer_flag, open_flag, upd_ts, upd_ts::text AS upd_ts_exact
       FROM agency_education.drop_register WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int) ORDER BY upd_ts, row_id LIMIT $3`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0, limit],
    );
    return rows;
  }

  describe(): string {
    return `PostgreSQL ${new URL(this.url).host} schema agency_education`;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
