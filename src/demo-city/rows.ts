// Rows of one generated chunk, in column order of each table's COPY list.
export type Cell = string | number | boolean | Date | null | readonly string[];
export type Row = Cell[];

export const TABLE_COLUMNS = {
  'core.organization': ['id', 'name', 'contract_regions', 'district_codes'],
  'core.worker': ['id', 'name', 'unit_code', 'organization_id'],
  'core.family': ['id', 'district_code', 'address'],
  'core.person': ['id', 'national_id', 'name', 'sex', 'birth_date', 'address', 'district_code', 'address_confidential'],
  'core.family_membership': ['id', 'family_id', 'person_id', 'relationship', 'start_date', 'end_date'],
  'core."case"': ['id', 'kind', 'status', 'family_id', 'subject_person_id', 'owner_unit_code', 'lead_worker_id', 'organization_id', 'district_code', 'risk_level', 'opened_on', 'closed_on'],
  // re_report is left to its default and derived by the seed once every case is loaded (seed-demo-city.ts).
  'core.intake': ['id', 'kind', 'family_id', 'subject_person_id', 'received_at', 'triaged_at', 'dispatched_at', 'dispatched_to_unit_code', 'case_id', 'received_by_worker_id'],
  'core.service_contact': ['id', 'case_id', 'kind', 'contacted_on', 'unit_code', 'worker_id'],
  'core.referral': ['id', 'family_id', 'person_id', 'from_unit_code', 'to_unit_code', 'reason', 'status', 'requested_at', 'requested_by', 'responded_at', 'responded_by', 'decline_reason', 'closed_at', 'closed_by', 'closing_note', 'sent_while_serving'],
  'core.assignment': ['id', 'case_id', 'organization_id', 'start_date', 'end_date', 'status'],
} as const;

export type TableName = keyof typeof TABLE_COLUMNS;

/** Load order: referenced tables first. */
export const LOAD_ORDER: readonly TableName[] = [
  'core.organization', 'core.worker', 'core.family', 'core.person', 'core.family_membership', 'core."case"',
  'core.intake', 'core.service_contact', 'core.referral', 'core.assignment',
];

export type Chunk = Record<TableName, Row[]>;

export function emptyChunk(): Chunk {
  return Object.fromEntries(LOAD_ORDER.map((table) => [table, []])) as unknown as Chunk;
}

/** One value in PostgreSQL's COPY text format. */
export function copyCell(value: Cell): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((v) => `"${v}"`).join(',')}}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLines(rows: readonly Row[]): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyCell).join('\t')}\n`;
  return text;
}
