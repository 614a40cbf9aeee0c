// Level detection on lines as real programs write them, and the multi-line/stream rules.
import * as assert from 'node:assert/strict';
import { LevelTracker, detectLevel, levelFromName } from '../../../src/logs/level';

describe('logs: level detection', () => {
  const cases: Array<[string, string | null]> = [
    // JSON loggers: pino/bunyan numbers, zap/logrus/winston strings, ECS, python-json-logger, Serilog compact
    ['{"level":50,"time":1733335200000,"msg":"db down"}', 'error'],
    ['{"level":40,"msg":"slow"}', 'warn'],
    ['{"level":30,"msg":"listening"}', 'info'],
    ['{"level":20,"msg":"cache hit"}', 'debug'],
    ['{"level":60,"msg":"fatal"}', 'error'],
    ['{"level":"warn","ts":1733335200.1,"caller":"main.go:12","msg":"retrying"}', 'warn'],
    ['{"time":"2026-12-04T18:00:00Z","severity":"ERROR","message":"boom"}', 'error'],
    ['{"@timestamp":"2026-12-04T18:00:00Z","log.level":"info","message":"ok"}', 'info'],
    ['{"@timestamp":"2026-12-04T18:00:00Z","log":{"level":"debug"},"message":"ok"}', 'debug'],
    ['{"levelname":"WARNING","message":"disk"}', 'warn'],
    ['{"@t":"2026-12-04T18:00:00Z","@l":"Error","@mt":"Failed {Id}"}', 'error'],
    ['{"lvl":"dbug"}', null],
    ['{"msg":"no level here"}', null],
    // logfmt
    ['time=2026-12-04T18:00:00Z level=error msg="could not connect"', 'error'],
    ['ts=2026-12-04T18:00:00Z caller=main.go:1 level=warn msg=slow', 'warn'],
    ['lvl=info msg=started', 'info'],
    ['level="debug" msg=x', 'debug'],
    // written forms
    ['[ERROR] connection refused', 'error'],
    ['2026-12-04 18:00:00,123 WARN  [main] c.e.App - cache cold', 'warn'],
    ['2026/12/04 18:00:00 [error] 29#29: *1 open() "/x" failed', 'error'],
    ['INFO: Started server on :8080', 'info'],
    ['DEBUG: cache stats', 'debug'],
    ['Error: Cannot find module \'express\'', 'error'],
    ['warning: deprecated option', 'warn'],
    ['E1204 18:00:00.123456    1 controller.go:114] sync failed', 'error'],
    ['W1204 18:00:00.123456    1 reflector.go:1] watch closed', 'warn'],
    ['<warn> low memory', 'warn'],
    ['FATAL: password authentication failed', 'error'],
    ['panic: runtime error: index out of range', 'error'],
    ['Traceback (most recent call last):', 'error'],
    ['[notice] 1#1: using the "epoll" event method', 'info'],
    // too loose to count
    ['retrying after error from upstream', null],
    ['GET /api/errors 200 12ms', null],
    ['E  something', null],
    ['ERR_CONNECTION_REFUSED is the code', null],
    ['the Information desk', null],
    ['', null],
  ];
  for (const [line, expected] of cases) {
    it(`${JSON.stringify(line).slice(0, 70)} -> ${expected}`, () => assert.equal(detectLevel(line), expected));
  }

  it('reads level names and numbers as pino, bunyan, syslog and .NET write them', () => {
    assert.equal(levelFromName('Information'), 'info');
    assert.equal(levelFromName('CRITICAL'), 'error');
    assert.equal(levelFromName('trace'), 'debug');
    assert.equal(levelFromName(3), 'error'); // syslog err
    assert.equal(levelFromName(4), 'warn');
    assert.equal(levelFromName(6), 'info');
    assert.equal(levelFromName(7), 'debug');
    assert.equal(levelFromName(10), 'debug');
    assert.equal(levelFromName('9'), null);
    assert.equal(levelFromName('banana'), null);
  });

  it('gives a stack trace\'s frames and "Caused by" the level of its head line', () => {
    const tracker = new LevelTracker();
    const lines = [
      'ERROR Unhandled exception: boom',
      '    at handler (/app/server.js:10:5)',
      '    at process (/app/server.js:20:3)',
      'Caused by: java.io.IOException: disk full',
      '\tat java.base/java.io.FileOutputStream.write(Unknown Source)',
      '... 3 more',
      'INFO back to normal',
      '  indented but after info',
    ];
    const got = lines.map((line) => tracker.next(line, 'stdout'));
    assert.deepEqual(got.map((g) => g.level), ['error', 'error', 'error', 'error', 'error', 'error', 'info', 'info']);
    assert.deepEqual(got.map((g) => g.source), ['line', 'head', 'head', 'head', 'head', 'head', 'line', 'head']);
  });

  it('follows a Python traceback to its unindented last line', () => {
    const tracker = new LevelTracker();
    const got = ['Traceback (most recent call last):', '  File "app.py", line 3, in <module>', '    main()', 'ValueError: bad value', 'next line']
      .map((line) => tracker.next(line, 'stdout').level);
    assert.deepEqual(got, ['error', 'error', 'error', 'error', null]);
  });

  it('marks stderr lines without a level of their own as warn (a hint), and never overrides a stated level', () => {
    const tracker = new LevelTracker();
    assert.deepEqual(tracker.next('something odd', 'stderr'), { level: 'warn', source: 'stream' });
    assert.deepEqual(tracker.next('INFO fine', 'stderr'), { level: 'info', source: 'line' });
    assert.deepEqual(new LevelTracker().next('something odd', 'stdout'), { level: null, source: null });
  });
});
