// Reading an agency CSV export: every row with the line it starts on; a
// broken quote costs its own line only, never the lines after it.
import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { readCsvRecords } from './csv-records.ts';
import { decodeAgencyFile } from './source.ts';

describe('agency CSV records', () => {
  it('numbers rows by the line they start on, across quoted line breaks and blank lines', () => {
    const read = readCsvRecords('a,b\r\n\r\n1,"2\r\n2"\r\n\r\n3,4\r\n');
    expect(read).toEqual({ headers: ['a', 'b'], rows: [{ a: '1', b: '2\r\n2' }, { a: '3', b: '4' }], lines: [3, 6], unreadable: [] });
  });

  it('quarantines a stray quote to its line and reads on after it', () => {
    const read = readCsvRecords('a,b,c\r\n1,2,x\r\n3,"4,y\r\n5,6,z\r\n7,"8,000",w\r\n');
    expect(read.rows).toEqual([{ a: '1', b: '2', c: 'x' }, { a: '5', b: '6', c: 'z' }, { a: '7', b: '8,000', c: 'w' }]);
    expect(read.lines).toEqual([2, 4, 5]);
    expect(read.unreadable).toEqual([{ line: 3, reason: 'a quoted field in column b is followed by other text before the comma', text: '3,"4,y' }]);
  });

  it('keeps the rows before a file cut inside a quoted field', () => {
    const read = readCsvRecords('a,b\r\n1,2\r\n3,"4');
    expect(read.rows).toEqual([{ a: '1', b: '2' }]);
    expect(read.unreadable).toEqual([{ line: 3, reason: 'a quoted field in column b is never closed (is the file cut short?)', text: '3,"4' }]);
  });

  it('reads nothing from a file whose header line is broken, and says so', () => {
    expect(readCsvRecords('a,"b\r\n1,2\r\n')).toEqual({ headers: [], rows: [], lines: [], unreadable: [{ line: 1, reason: 'the header line cannot be read: a quoted field is never closed (is the file cut short?)', text: 'a,"b' }] });
    expect(readCsvRecords('')).toEqual({ headers: [], rows: [], lines: [], unreadable: [] });
  });
});

describe('agency file decoding', () => {
  const text = '身分證統一編號,姓名,出生日期\nA123456789,王大明,68/05/04\n';
  it.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')])],
    ['UTF-16LE without BOM', Buffer.from(text, 'utf16le')],
    ['UTF-16BE without BOM', iconv.encode(text, 'utf16be')],
    ['Big5', iconv.encode(text, 'big5')],
    ['UTF-8', Buffer.from(text)],
  ])('decodes %s', (_, bytes) => {
    expect(decodeAgencyFile(bytes)).toBe(text);
  });

  it('leaves stray NUL bytes of a UTF-8 or Big5 file for the row guard', () => {
    expect(decodeAgencyFile(Buffer.concat([Buffer.from(text), Buffer.alloc(64)]))).toBe(`${text}${'\u0000'.repeat(64)}`);
  });
});
