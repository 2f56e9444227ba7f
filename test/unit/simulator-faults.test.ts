import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCliOptions, parseDuration, parseSize } from '../../src/simulator/cli-options.ts';
import { formatParisDateTime, parseDateTimeBound } from '../../src/simulator/dates.ts';
import { DEFAULT_FAULTS, FaultInjector } from '../../src/simulator/faults.ts';

function requestSequence(injector: FaultInjector, count: number): string[] {
  return Array.from({ length: count }, () => {
    const fault = injector.drawRequestFault();
    return fault === null ? 'ok' : fault.kind === 'server-error' ? String(fault.status) : '429';
  });
}

describe('simulator fault injector', () => {
  test('is off by default', () => {
    const injector = new FaultInjector(1);
    assert.deepEqual(injector.options, DEFAULT_FAULTS);
    assert.deepEqual(new Set(requestSequence(injector, 200)), new Set(['ok']));
    assert.deepEqual(injector.drawDownloadFault(), { truncated: false, malformed: false });
  });

  test('decisions are reproducible per seed, restart when options change, and follow the rates', () => {
    const options = { serverErrorRate: 0.2, rateLimitRate: 0.1 };
    const a = requestSequence(new FaultInjector(42, options), 1000);
    const b = requestSequence(new FaultInjector(42, options), 1000);
    const c = requestSequence(new FaultInjector(43, options), 1000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const errors = a.filter((s) => ['500', '502', '503'].includes(s)).length;
    const limited = a.filter((s) => s === '429').length;
    assert.ok(errors > 150 && errors < 250, `${errors} server errors`);
    assert.ok(limited > 60 && limited < 140, `${limited} rate limits`);
    assert.deepEqual(new Set(a.filter((s) => s.startsWith('5'))), new Set(['500', '502', '503']));

    const injector = new FaultInjector(42, options);
    requestSequence(injector, 37);
    injector.set({ latencyMs: 5 });
    assert.deepEqual(requestSequence(injector, 1000), a);
  });

  test('download faults and oversized invoices', () => {
    const injector = new FaultInjector(5, { truncatedDownloadRate: 1, oversizedInvoiceIds: [7], oversizedBytes: 1000 });
    assert.deepEqual(injector.drawDownloadFault(), { truncated: true, malformed: false });
    assert.equal(injector.oversizedBytesFor(7), 1000);
    assert.equal(injector.oversizedBytesFor(8), undefined);
    injector.set({ truncatedDownloadRate: 0, malformedPivotRate: 1 });
    assert.deepEqual(injector.drawDownloadFault(), { truncated: false, malformed: true });
  });

  test('refuses bad options (out of range, misspelt) and keeps the previous ones', () => {
    const injector = new FaultInjector(1, { latencyMs: 3 });
    assert.throws(() => injector.set({ serverErrorRate: 1.5 }));
    assert.throws(() => injector.set({ latencyMS: 10 } as never));
    assert.equal(injector.options.latencyMs, 3);
    assert.equal(injector.options.serverErrorRate, 0);
  });
});

describe('simulator dates and command line', () => {
  test('search bounds: dates are Paris days, local date-times are Paris time, offsets are honoured', () => {
    assert.equal(parseDateTimeBound('2025-01-15', 'start')?.toISOString(), '2025-01-14T23:00:00.000Z');
    assert.equal(parseDateTimeBound('2025-07-15', 'end')?.toISOString(), '2025-07-15T21:59:59.999Z');
    assert.equal(parseDateTimeBound('2025-07-15T23:59:59', 'end')?.toISOString(), '2025-07-15T21:59:59.999Z');
    assert.equal(parseDateTimeBound('2022-01-07T10:11:47.823Z', 'start')?.toISOString(), '2022-01-07T10:11:47.823Z');
    assert.equal(parseDateTimeBound('2022-01-07T10:11:47+01:00', 'start')?.toISOString(), '2022-01-07T09:11:47.000Z');
    assert.equal(parseDateTimeBound('2022-02-30', 'start'), null);
    assert.equal(parseDateTimeBound('yesterday', 'start'), null);
    assert.equal(formatParisDateTime(new Date('2019-07-11T13:45:39.674Z')), '2019-07-11T15:45:39.674+02:00');
    assert.equal(formatParisDateTime(new Date('2019-01-11T13:45:39.004Z')), '2019-01-11T14:45:39.004+01:00');
  });

  test('parses flags, durations and sizes', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseSize('100M'), 100 * 1024 * 1024);
    assert.equal(parseSize('30k'), 30 * 1024);
    assert.equal(parseSize('1234'), 1234);
    assert.throws(() => parseDuration('soon'));
    const cli = parseCliOptions([
      '--port',
      '0',
      '--seed',
      '42',
      '--invoices',
      '5',
      '--fault-5xx',
      '0.1',
      '--add-every',
      '30s',
      '--oversized',
      '5000001,5000002',
    ]);
    assert.equal(cli.simulator.port, 0);
    assert.equal(cli.simulator.seed, 42);
    assert.equal(cli.simulator.invoiceCount, 5);
    assert.deepEqual(cli.simulator.faults, { serverErrorRate: 0.1, oversizedInvoiceIds: [5000001, 5000002] });
    assert.equal(cli.addEveryMs, 30_000);
    assert.throws(() => parseCliOptions(['--fault-5xx', '2']), /fault-5xx/);
    assert.throws(() => parseCliOptions(['--no-such-flag']));
  });
});
