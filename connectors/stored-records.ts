// Where each connector stores the records it linked, by the record's source
// key: what unlinking a wrongly joined record removes. Table and column names
// are fixed here (never taken from a request), so they may be put into SQL.
export interface StoredTable {
  table: string;
  keyColumn: string;
}

export const STORED_RECORDS: Record<string, readonly StoredTable[]> = {
  'household-registration': [
    { table: 'household.registration', keyColumn: 'source_key' },
    { table: 'household.event', keyColumn: 'source_key' },
  ],
  'welfare-subsidies': [
    { table: 'welfare.status', keyColumn: 'source_key' },
    { table: 'welfare.subsidy', keyColumn: 'source_key' },
    { table: 'welfare.development_account_deposit', keyColumn: 'source_key' },
    { table: 'welfare.account_followup_visit', keyColumn: 'source_key' },
    { table: 'welfare.disability_certificate', keyColumn: 'source_key' },
    { table: 'welfare.needs_assessment_visit', keyColumn: 'source_key' },
  ],
  'labor-referrals': [{ table: 'labor.referral', keyColumn: 'case_number' }],
  'education-dropouts': [
    { table: 'education.dropout_episode', keyColumn: 'source_key' },
    { table: 'education.enrolment', keyColumn: 'source_key' },
  ],
  'probation-transitions': [{ table: 'probation.transition', keyColumn: 'source_key' }],
};
