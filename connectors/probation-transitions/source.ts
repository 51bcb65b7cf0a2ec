// The District Prosecutors Office's transition register, read with pg:
// the only code that does I/O against the agency. The demo builds it as the
// schema agency_justice; HUB_PROBATION_SOURCE_URL points at a real one.
import pg from 'pg';
import type { CursorPosition } from '../kit/cursor-sync.ts';
import type { TransitionRow } from './mapping.ts';

export class PgTransitionSource {
  private readonly pool: pg.Pool;

  constructor(private readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  async changedSince(position: CursorPosition | null, limit: number): Promise<TransitionRow[]> {
    const { rows } = await this.pool.query<TransitionRow>(
      `SELECT row_id, case_id, idno, pname, birth_roc, type_cd, start_roc, release_roc, meeting_roc, invited, upd_ts, upd_ts::text AS upd_ts_exact
       FROM agency_justice.transition_register WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int) ORDER BY upd_ts, row_id LIMIT $3`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0, limit],
    );
    return rows;
  }

  describe(): string {
    return `PostgreSQL ${new URL(this.url).host} schema agency_justice`;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
