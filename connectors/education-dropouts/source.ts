// The Education Bureau's registers, read with pg: the dropout register
// (中輟通報及復學系統) and the enrolment register (學籍). The only code that
// does I/O against the agency. The demo builds both in the schema
// agency_education; HUB_EDUCATION_SOURCE_URL points at a real database.
import pg from 'pg';
import type { CursorPosition } from '../kit/cursor-sync.ts';
import type { DropoutRow, EnrolmentRow } from './mapping.ts';

export class PgEducationSource {
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

  async enrolmentsChangedSince(position: CursorPosition | null, limit: number): Promise<EnrolmentRow[]> {
    const { rows } = await this.pool.query<EnrolmentRow>(
      `SELECT row_id, stu_idno, stu_name, stu_birth, sch_code, grade, enrol_date, leave_date, upd_ts, upd_ts::text AS upd_ts_exact
       FROM agency_education.enrol_register WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int) ORDER BY upd_ts, row_id LIMIT $3`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0, limit],
    );
    return rows;
  }

  describe(register: 'drop_register' | 'enrol_register' = 'drop_register'): string {
    return `PostgreSQL ${new URL(this.url).host} schema agency_education, ${register}`;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
