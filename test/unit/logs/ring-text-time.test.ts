// The ring's bounds, safe text, since/until parsing, and the engine's stream framing read into lines.
import * as assert from 'node:assert/strict';
import { LogStreamReader, parseEngineTime, type RawLine } from '../../../src/logs/engineStream';
import { LINE_OVERHEAD_BYTES, LogRing } from '../../../src/logs/ring';
import { decodeLogText, visibleControls } from '../../../src/logs/text';
import { engineTimestamp, parseExactTimeBound, parseGoDuration, parseTimeBound } from '../../../src/logs/time';
import type { LogLine } from '../../../src/logs/types';

const lineOf = (seq: number, message: string): LogLine => ({
  seq, time: seq, timeText: '', service: 's', container: 'c', containerId: 'i', replica: 1, stream: 'stdout', level: null, levelSource: null, message,
});

describe('logs: the ring', () => {
  it('keeps the newest maxLines lines, oldest first', () => {
    const ring = new LogRing(3, 1e9);
    for (let i = 0; i < 10; i++) ring.push(lineOf(i, `m${i}`));
    assert.deepEqual(ring.toArray().map((l) => l.seq), [7, 8, 9]);
    assert.equal(ring.firstSeq, 7);
    assert.equal(ring.droppedLines, 7);
    assert.equal(ring.at(0)!.seq, 7);
    assert.equal(ring.at(3), undefined);
  });

  it('keeps its bytes within maxBytes, dropping the oldest lines', () => {
    const ring = new LogRing(1_000_000, 10_000);
    for (let i = 0; i < 5000; i++) ring.push(lineOf(i, 'x'.repeat(i % 100)));
    assert.ok(ring.bytes <= 10_000, `${ring.bytes} bytes held`);
    const expected = ring.toArray().reduce((sum, l) => sum + l.message.length * 2 + LINE_OVERHEAD_BYTES, 0);
    assert.equal(ring.bytes, expected, 'bytes are accounted exactly');
    assert.equal(ring.toArray().at(-1)!.seq, 4999);
  });

  it('always keeps the newest line, even one larger than maxBytes', () => {
    const ring = new LogRing(10, 100);
    ring.push(lineOf(0, 'small'));
    ring.push(lineOf(1, 'y'.repeat(1000)));
    assert.deepEqual(ring.toArray().map((l) => l.seq), [1]);
  });

  it('compacts as it goes: a million pushes through a 1000-line ring stay small', () => {
    const ring = new LogRing(1000, 1e9);
    for (let i = 0; i < 1_000_000; i++) ring.push(lineOf(i, ''));
    assert.equal(ring.length, 1000);
    assert.ok((ring as unknown as { items: unknown[] }).items.length <= 3000);
  });
});

describe('logs: safe text', () => {
  it('makes controls visible, drops colour escapes, keeps tabs and text', () => {
    assert.equal(visibleControls('plain text, üñí ✓'), 'plain text, üñí ✓');
    assert.equal(visibleControls('\x1b[31mred\x1b[0m\ttab'), 'red\ttab');
    assert.equal(visibleControls('bell\x07 nul\x00 cr\r esc\x1b]0;title'), 'bell␇ nul␀ cr␍ esc␛]0;title');
    assert.equal(visibleControls('c1\u009b2J del\x7f'), 'c1\ufffd2J del␡');
    assert.equal(visibleControls('abc\u202edcba\u2066x'), 'abc\ufffddcba\ufffdx', 'bidi overrides cannot reorder what is shown');
  });

  it('decodes invalid UTF-8 to replacement characters', () => {
    assert.equal(decodeLogText(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xe2, 0x82])), 'a\ufffd\ufffdb\ufffd');
    assert.equal(decodeLogText(Buffer.from('é', 'utf8')), 'é');
  });
});

describe('logs: since and until', () => {
  const now = Date.parse('2026-12-04T18:00:00Z');
  it('reads Go durations before now, as docker logs --since does', () => {
    assert.equal(parseTimeBound('10m', now), (now - 600_000) / 1000);
    assert.equal(parseTimeBound('1h30m', now), (now - 5_400_000) / 1000);
    assert.equal(parseTimeBound('1.5s', now), (now - 1500) / 1000);
    assert.equal(parseGoDuration('250ms'), 250);
    assert.equal(parseGoDuration('10'), undefined);
  });
  it('reads RFC3339 with and without fraction and zone, dates, and Unix seconds', () => {
    assert.equal(parseTimeBound('2026-12-04T17:00:00Z', now), Date.parse('2026-12-04T17:00:00Z') / 1000);
    assert.equal(parseTimeBound('2026-12-04T17:00:00.25+01:00', now), Date.parse('2026-12-04T16:00:00Z') / 1000 + 0.25);
    assert.equal(parseTimeBound('2026-12-04T17:00:00', now), new Date('2026-12-04T17:00:00').getTime() / 1000, 'no zone: local time');
    assert.equal(parseTimeBound('2026-12-04', now), new Date('2026-12-04T00:00:00').getTime() / 1000);
    assert.equal(parseTimeBound('1733335200.5', now), 1733335200.5);
  });
  it('says what it accepts when the value is none of them', () => {
    assert.throws(() => parseTimeBound('yesterday'), /"yesterday" is not a time: use a duration like 10m/);
    assert.throws(() => parseTimeBound(''), /empty time/);
  });
  it('writes the Engine API form seconds.nanoseconds', () => {
    assert.equal(engineTimestamp({ seconds: 1733335200, nanos: 0 }), '1733335200');
    assert.equal(engineTimestamp({ seconds: 1733335200, nanos: 250_000_000 }), '1733335200.250000000');
  });
  it('keeps a time to the nanosecond (a line\'s own timestamp as --since selects that line)', () => {
    assert.deepEqual(parseExactTimeBound('2026-12-04T18:28:14.123456789Z'), { seconds: Date.parse('2026-12-04T18:28:14Z') / 1000, nanos: 123_456_789 });
    assert.deepEqual(parseExactTimeBound('1733335200.000000001'), { seconds: 1733335200, nanos: 1 });
  });
});

/** One multiplexed frame as the engine sends it. */
function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function read(tty: boolean, chunks: Buffer[], maxLineBytes = 1 << 20): RawLine[] {
  const lines: RawLine[] = [];
  const reader = new LogStreamReader(tty, maxLineBytes, (line) => lines.push(line));
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return lines;
}

describe('logs: the engine\'s log stream read into lines', () => {
  it('parses the engine\'s RFC3339Nano time exactly', () => {
    const t = parseEngineTime('2026-12-04T18:28:14.123456789Z')!;
    assert.equal(t.secondMs, Date.parse('2026-12-04T18:28:14Z'));
    assert.equal(t.nanos, 123_456_789);
    assert.equal(t.time, t.secondMs + 123.456);
    assert.equal(parseEngineTime('2026-12-04T18:28:14.5Z')!.nanos, 500_000_000);
    assert.equal(parseEngineTime('2026-12-04T18:28:14Z')!.nanos, 0);
    assert.equal(parseEngineTime('not a time at all'), undefined);
  });

  it('demultiplexes stdout and stderr frames, split anywhere across chunks', () => {
    const bytes = Buffer.concat([
      frame(1, '2026-12-04T18:00:00.000000001Z out one\n'),
      frame(2, '2026-12-04T18:00:00.000000002Z err one\n'),
      frame(1, '2026-12-04T18:00:00.000000003Z out two\n'),
    ]);
    for (const size of [1, 3, 7, 8, 9, 50, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const lines = read(false, chunks);
      assert.deepEqual(lines.map((l) => `${l.stream}:${l.bytes.toString()}:${l.at.nanos}`), ['stdout:out one:1', 'stderr:err one:2', 'stdout:out two:3'], `chunks of ${size}`);
    }
  });

  it('joins the log driver\'s 16 KiB partial messages into one line with the first timestamp', () => {
    const lines = read(false, [
      frame(1, '2026-12-04T18:00:00.1Z ' + 'a'.repeat(16384)),
      frame(1, '2026-12-04T18:00:00.2Z ' + 'b'.repeat(100) + '\n'),
      frame(1, '2026-12-04T18:00:00.3Z next\n'),
    ]);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].bytes.toString(), 'a'.repeat(16384) + 'b'.repeat(100));
    assert.equal(lines[0].at.nanos, 100_000_000);
    assert.equal(lines[1].bytes.toString(), 'next');
  });

  it('cuts a line at the bound on a character boundary and counts what it left out', () => {
    const lines = read(false, [frame(1, '2026-12-04T18:00:00Z ' + 'é'.repeat(10) + '\n')], 5);
    assert.equal(lines[0].bytes.toString(), 'éé');
    assert.equal(lines[0].droppedBytes, 16);
  });

  it('reads TTY streams: raw lines on stdout, CRLF ended, and a final line without newline', () => {
    const lines = read(true, [Buffer.from('2026-12-04T18:00:00.1Z one\r\n2026-12-04T18:00:00.2Z tw'), Buffer.from('o\r\n2026-12-04T18:00:00.3Z last')]);
    assert.deepEqual(lines.map((l) => `${l.stream}:${l.bytes.toString()}`), ['stdout:one', 'stdout:two', 'stdout:last']);
  });

  it('bounds a TTY line that never ends', () => {
    const lines = read(true, [Buffer.from('2026-12-04T18:00:00.1Z '), Buffer.alloc(300_000, 0x61), Buffer.alloc(300_000, 0x61), Buffer.from('\n2026-12-04T18:00:00.2Z ok\n')], 1000);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].bytes.length, 1000);
    assert.equal(lines[0].droppedBytes, 599_000);
    assert.equal(lines[1].bytes.toString(), 'ok');
  });

  it('refuses a frame too large to be a log message', () => {
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(100 * 1024 * 1024, 4);
    assert.throws(() => new LogStreamReader(false, 1000, () => undefined).push(header), /not a log stream/);
  });
});
