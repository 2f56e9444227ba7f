import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { SerialRunner } from '../../src/gateway/serial-runner.ts';

describe('SerialRunner', () => {
  test('runs jobs one at a time, in the order they came, each with its own result', async () => {
    const runner = new SerialRunner();
    const log: string[] = [];
    let running = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      assert.equal(running, 1, `${name} started while another job ran`);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
      return name.toUpperCase();
    };
    const results = await Promise.all([runner.run(job('a', 20)), runner.run(job('b', 1)), runner.run(job('c', 5))]);
    assert.deepEqual(results, ['A', 'B', 'C']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test('a failing job rejects its own caller only; the next job still runs', async () => {
    const runner = new SerialRunner();
    const failing = runner.run(() => Promise.reject(new Error('malformed pivot')));
    const next = runner.run(() => Promise.resolve('next'));
    await assert.rejects(failing, /malformed pivot/);
    assert.equal(await next, 'next');
  });

  test('while the event loop is busy most of the time, jobs run at once instead of waiting their turn', async () => {
    const runner = new SerialRunner();
    const until = performance.now() + 400;
    while (performance.now() < until); // a saturated loop: no idle time for turns to give back
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
    };
    await Promise.all([runner.run(job('a', 30)), runner.run(job('b', 1))]);
    assert.deepEqual(log, ['start a', 'start b', 'end b', 'end a']);
  });
});
