// What a notification says happened. Ids and kinds only: the receiver reads
// the record through the API under its own token and scope.
export const NOTIFICATION_KINDS = [
  'CASE_OPENED',
  'REFERRAL_RECEIVED',
  'REFERRAL_SENT',
  'INTAKE_RECEIVED',
  'RE_REPORT',
  'ASSIGNMENT_OFFERED',
  'MEETING_INVITATION',
  'ACTION_ITEM_DUE',
  'RELEASE_COMING',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const KIND_DESCRIPTIONS: Record<NotificationKind, string> = {
  CASE_OPENED: 'Another unit opened a case (開案) on a family the recipient serves.',
  REFERRAL_RECEIVED: 'A referral (轉介) was addressed to the recipient.',
  REFERRAL_SENT: 'Another unit sent a referral about a family the recipient serves.',
  INTAKE_RECEIVED: 'A report (通報) was dispatched to the recipient.',
  RE_REPORT: 'A re-report (再通報) arrived on a family the recipient serves.',
  ASSIGNMENT_OFFERED: 'A case was assigned to the recipient organisation.',
  MEETING_INVITATION: 'The recipient was invited to a meeting or case conference.',
  ACTION_ITEM_DUE: "An action item the recipient owns is due.",
  RELEASE_COMING: 'A member of a family the recipient serves is released from prison or hospital within 30 days (出監/出院).',
};
