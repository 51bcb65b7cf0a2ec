// Who reads dropout episodes: the Education Bureau always, units serving the
// family while they do, NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';

export const dropoutPolicy: PolicyTable = {
  Person: { id: ALLOW_ALL, dropoutEpisodes: { others: 'DENY', related: 'ALLOW', units: { EDUCATION: 'ALLOW', NGO: 'DENY' } } },
  DropoutEpisode: allowAll(['schoolCode', 'startedOn', 'returnedOn', 'referredToCounselling', 'caseOpened', 'syncedAt', 'source']),
};
