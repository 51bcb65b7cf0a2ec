// Who reads dropout episodes and enrolments: the Education Bureau always,
// units serving the family while they do, NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';
import { dayRangePolicy, indicatorPolicy } from '../../src/indicators/graphql-types.ts';
import { FRESHNESS_FIELDS } from '../kit/freshness.ts';

export const dropoutPolicy: PolicyTable = {
  ...indicatorPolicy(['key', 'educationIndicators', 'dropoutCohort']),
  ...dayRangePolicy(['key', 'educationIndicators', 'dropoutCohort']),
  // The Education Bureau's worklist: its own records, its caseworkers, supervisors and admins.
  Query: { studentsOutOfSchool: { others: 'DENY', units: { EDUCATION: 'ALLOW' }, roles: ['CASEWORKER', 'SUPERVISOR', 'ADMIN'] } },
  StudentsOutOfSchool: allowAll(['totalCount', 'entries']),
  StudentOutOfSchool: allowAll(['person', 'schoolCode', 'district', 'startedOn', 'daysOut']),
  Person: {
    id: ALLOW_ALL,
    dropoutEpisodes: { others: 'DENY', related: 'ALLOW', units: { EDUCATION: 'ALLOW', NGO: 'DENY' } },
    enrolments: { others: 'DENY', related: 'ALLOW', units: { EDUCATION: 'ALLOW', NGO: 'DENY' } },
  },
  EducationEnrolment: allowAll(['schoolCode', 'grade', 'gradeLabel', 'gradeLabelZh', 'enrolledOn', 'leftOn', 'status', ...FRESHNESS_FIELDS]),
  DropoutEpisode: allowAll(['schoolCode', 'startedOn', 'returnedOn', 'referredToCounselling', 'caseOpened', ...FRESHNESS_FIELDS]),
};
