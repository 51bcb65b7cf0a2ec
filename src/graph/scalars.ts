// Calendar dates (birth dates, case dates) travel as YYYY-MM-DD so no time
// zone can move them by a day; instants travel as ISO 8601 with offset.
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { YearOnly } from '../policy/masks.ts';
import { builder } from './builder.ts';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
    throw new GraphQLError('Date must be a string in the form YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new GraphQLError(`Date ${value} does not exist in the calendar`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

export function formatDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO 8601 string such as 2023-03-05T08:30:00+08:00', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

/** The Date scalar, shared by every subgraph so that they compose. */
export const DATE_SCALAR = {
  description: 'A calendar date in the form YYYY-MM-DD (Gregorian; ROC year = year - 1911).',
  serialize: (value: Date) => formatDate(value),
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
};

/** The DateTime scalar, shared by every subgraph so that they compose. */
export const DATE_TIME_SCALAR = {
  description: 'An instant in ISO 8601 form with a time-zone offset, e.g. 2023-03-05T08:30:00.000Z.',
  serialize: (value: Date) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast: ValueNode) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
};

builder.scalarType('Date', DATE_SCALAR);
builder.scalarType('DateTime', DATE_TIME_SCALAR);

builder.scalarType('PartialDate', {
  description: 'A calendar date YYYY-MM-DD, or only its year YYYY where the policy masks the date.',
  serialize: (value) => (value instanceof YearOnly ? String(value.year) : formatDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
