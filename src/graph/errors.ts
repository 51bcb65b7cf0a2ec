// The closed set of error codes clients can see. Anything else is masked.
import { GraphQLError } from 'graphql';

export const ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'UPSTREAM_UNAVAILABLE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function unauthenticated(): GraphQLError {
  return new GraphQLError('This operation needs an identified worker', { extensions: { code: 'UNAUTHENTICATED' } });
}
