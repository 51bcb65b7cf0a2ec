// Reads an agency CSV export into rows keyed by the header's column names,
// each with the line it starts on. csv-parse does the parsing; what it cannot
// read as a record (a stray quote, a quoted field never closed because the
// file was cut) becomes an unreadable part naming its line, and reading goes
// on with the next line: a quote opened by mistake would otherwise swallow
// every line up to the next quote, or the rest of the file.
import { parse, type CsvError } from 'csv-parse/sync';

export interface UnreadablePart {
  /** 1-based line of the file (the header is line 1); null for the whole file. */
  line: number | null;
  /** Why, without the text itself (it may hold a name or an ID). */
  reason: string;
  /** The text that could not be read, for the quarantine. */
  text: string;
}

export interface CsvRecords {
  headers: string[];
  rows: Record<string, string>[];
  /** The line each row starts on. */
  lines: number[];
  unreadable: UnreadablePart[];
}

const OPTIONS = { skip_empty_lines: true, trim: true, relax_column_count: true, info: true, raw: true, skip_records_with_error: true } as const;

/** Why csv-parse could not read a record, in words that carry none of its values. */
function describe(error: CsvError): string {
  const column = typeof error.column === 'string' ? ` in column ${error.column}` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field${column} is never closed (is the file cut short?)`;
    case 'INVALID_OPENING_QUOTE':
      return `a quote inside an unquoted field${column}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quoted field${column} is followed by other text before the comma`;
    default:
      return `not readable as CSV (${error.code})`;
  }
}

/** Line numbers of text offsets, by binary search over where the lines start. */
class LineIndex {
  private readonly starts = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let [low, high] = [0, this.starts.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
  /** Offset where the line after the one holding `offset` starts; null on the last line. */
  nextLine(offset: number): number | null {
    const line = this.lineOf(offset);
    return line < this.starts.length ? this.starts[line]! : null;
  }
  lineText(offset: number): string {
    const next = this.nextLine(offset);
    const start = this.starts[this.lineOf(offset) - 1]!;
    return this.text.slice(start, next === null ? undefined : next).replace(/\r?\n$/, '');
  }
}

type Event = { kind: 'record'; record: Record<string, string>; raw: string } | { kind: 'skip'; error: CsvError; raw: string };

/** Parses text from `from` on; records and skipped records in the order met. `columns` null: the first line is the header. */
function parseFrom(text: string, from: number, columns: string[] | null): { headers: string[] | null; events: Event[] } {
  let headers = columns;
  const events: Event[] = [];
  const records = parse(text.slice(from), {
    ...OPTIONS,
    columns: columns ?? ((header: string[]) => (headers = header)),
    on_skip: (error, raw) => {
      if (error) events.push({ kind: 'skip', error, raw: raw ?? '' });
    },
    on_record: (record) => {
      events.push({ kind: 'record', record: {}, raw: '' });
      return record;
    },
  }) as unknown as { record: Record<string, string>; raw: string }[];
  // on_record saw each record before info and raw were attached: fill the placeholders in order.
  let next = 0;
  for (const event of events) {
    if (event.kind !== 'record') continue;
    const { record, raw } = records[next++]!;
    event.record = record;
    event.raw = raw;
  }
  return { headers, events };
}

/**
 * Where a record starts and (at least) where it ends, searching from `cursor`.
 * csv-parse's raw text of a record is the file's text but for line ends
 * outside quotes (it keeps the \r of a \r\n, drops the \n) and begins with
 * what it skipped before the record (blank lines, spaces): the record's first
 * line without those finds it, as only skipped text lies between records.
 */
function locate(text: string, raw: string, cursor: number): { start: number; end: number } {
  const body = raw.replace(/^\s+/, '');
  const needle = body.split(/[\r\n]/, 1)[0]!.slice(0, 200);
  const found = needle === '' ? -1 : text.indexOf(needle, cursor);
  const start = found === -1 ? cursor : found;
  // Inside quotes the raw text is the file's own, so its length carries the search past a quoted line break.
  return { start, end: Math.max(start + needle.length, start + body.length - 1) };
}

export function readCsvRecords(text: string): CsvRecords {
  const index = new LineIndex(text);
  const result: CsvRecords = { headers: [], rows: [], lines: [], unreadable: [] };
  let from = 0;
  let columns: string[] | null = null;
  for (;;) {
    const { headers, events } = parseFrom(text, from, columns);
    if (columns === null) {
      // csv-parse would take the next good line for the header: a broken header line leaves no row readable.
      const first = events[0];
      if (first?.kind === 'skip' && index.lineOf(locate(text, first.raw, 0).start) === 1) {
        return { ...result, unreadable: [{ line: 1, reason: `the header line cannot be read: ${describe(first.error)}`, text: index.lineText(0) }] };
      }
      if (headers === null) return result; // an empty file
      result.headers = headers;
      columns = headers;
    }
    let cursor = from === 0 ? (index.nextLine(0) ?? text.length) : from;
    let restart: number | null = null;
    const skippedLines = new Set<number>();
    for (const event of events) {
      const { start: at, end } = locate(text, event.raw, cursor);
      cursor = end;
      if (event.kind === 'record') {
        result.rows.push(event.record);
        result.lines.push(index.lineOf(at));
        continue;
      }
      const line = index.lineOf(at);
      if (!skippedLines.has(line)) {
        skippedLines.add(line);
        result.unreadable.push({ line, reason: describe(event.error), text: index.lineText(at) });
      }
      // A record that ran over several lines swallowed lines that may be sound: read on after its first line.
      if (event.error.code === 'CSV_QUOTE_NOT_CLOSED' || event.raw.includes('\n')) {
        restart = index.nextLine(at);
        break;
      }
    }
    if (restart === null) return result;
    from = restart;
  }
}
