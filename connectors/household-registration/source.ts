// The household registration system's own database (戶役政資料), read with
// pg: the only code that does I/O against the agency. The demo generator
// creates it as the schema `agency_household`; a deployment points
// HUB_HOUSEHOLD_SOURCE_URL at the agency's database instead.
import pg from 'pg';

/** A row as the agency stores it: its own field names, codes and ROC dates. */
export interface AgencyMemberRow {
  row_id: number;
  hh_no: string;
  id_no: string | null;
  nm: string | null;
  birth_roc: string | null;
  rel_cd: string | null;
  addr: string | null;
  town_cd: string | null;
  reg_roc: string | null;
  upd_ts: Date;
  /** upd_ts exactly as stored (microseconds), for the cursor. */
  upd_ts_exact: string;
}

export interface HouseholdSource {
  /** Rows changed after the position, oldest first, at most `limit`. */
  changedSince(position: SourcePosition | null, limit: number): Promise<AgencyMemberRow[]>;
  /** How many rows changed after the position (for progress and ETA). */
  countSince(position: SourcePosition | null): Promise<number>;
  describe(): string;
  close(): Promise<void>;
}

/** An event row (戶籍登記事項): its registration number stays the same when the office corrects it. */
export interface AgencyEventRow {
  row_id: number;
  evt_no: string | null;
  evt_cd: string | null;
  id_no: string | null;
  nm: string | null;
  birth_roc: string | null;
  hh_no: string | null;
  evt_roc: string | null;
  town_cd: string | null;
  upd_ts: Date;
  /** upd_ts exactly as stored (microseconds), for the cursor. */
  upd_ts_exact: string;
}

export interface HouseholdEventSource {
  /** Event rows changed after the position, oldest first, at most `limit`. */
  eventsChangedSince(position: SourcePosition | null, limit: number): Promise<AgencyEventRow[]>;
  /** How many event rows changed after the position. */
  countEventsSince(position: SourcePosition | null): Promise<number>;
  describe(): string;
}

export interface SourcePosition {
  updatedAt: string;
  rowId: number;
}

export class PgHouseholdSource implements HouseholdSource, HouseholdEventSource {
  private readonly pool: pg.Pool;

  constructor(private readonly url: string, private readonly schema = 'agency_household') {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  async changedSince(position: SourcePosition | null, limit: number): Promise<AgencyMemberRow[]> {
    const { rows } = await this.pool.query<AgencyMemberRow>(
      `SELECT row_id, hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts, upd_ts::text AS upd_ts_exact
       FROM ${this.schema}.h_member
       WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int)
       ORDER BY upd_ts, row_id LIMIT $3`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0, limit],
    );
    return rows;
  }

  async countSince(position: SourcePosition | null): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.schema}.h_member WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int)`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0],
    );
    return rows[0]!.n;
  }

  async eventsChangedSince(position: SourcePosition | null, limit: number): Promise<AgencyEventRow[]> {
    const { rows } = await this.pool.query<AgencyEventRow>(
      `SELECT row_id, evt_no, evt_cd, id_no, nm, birth_roc, hh_no, evt_roc, town_cd, upd_ts, upd_ts::text AS upd_ts_exact
       FROM ${this.schema}.h_event
       WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int)
       ORDER BY upd_ts, row_id LIMIT $3`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0, limit],
    );
    return rows;
  }

  async countEventsSince(position: SourcePosition | null): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.schema}.h_event WHERE (upd_ts, row_id) > ($1::timestamptz, $2::int)`,
      [position?.updatedAt ?? '-infinity', position?.rowId ?? 0],
    );
    return rows[0]!.n;
  }

  describe(): string {
    return `PostgreSQL ${new URL(this.url).host} schema ${this.schema}`;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
