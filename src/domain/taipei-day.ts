// Days as the city's agencies count them: the calendar date in Taipei. Used
// where a date decided by the hub must agree with one computed in SQL
// (`AT TIME ZONE TAIPEI_TIME_ZONE`), as the re-report rule does.
export const TAIPEI_TIME_ZONE = 'Asia/Taipei';

// en-CA formats as YYYY-MM-DD.
const taipeiDate = new Intl.DateTimeFormat('en-CA', { timeZone: TAIPEI_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Taipei date of an instant, as the UTC-midnight Date that Prisma writes to a date column. */
export function taipeiDay(instant: Date): Date {
  return new Date(`${taipeiDate.format(instant)}T00:00:00.000Z`);
}
