import { randomUUID } from 'node:crypto';
import { describeWithService, redisUrl } from '../../test/support/require-service';
import { BullMqQueue, connectRedis } from './bullmq-queue';
import { InProcessQueue } from './in-process-queue';
import type { JobQueue } from './job-queue.port';

function queueContract(name: string, make: () => Promise<JobQueue>) {
  describe(`job queue contract: ${name}`, () => {
    let queue: JobQueue;
    beforeEach(async () => {
      queue = await make();
    });
    afterEach(() => queue.close());

    const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('timed out');
    };

    it('runs a job once even when the same job id is added again (a redelivered event)', async () => {
      const runs: string[] = [];
      queue.handle('echo', async (data) => {
        runs.push(data.n);
        return { ok: true };
      });
      await queue.start();
      const jobId = `echo_${randomUUID()}`;
      await queue.add('echo', { n: 'first' }, { jobId });
      await queue.add('echo', { n: 'second' }, { jobId });
      await waitFor(async () => (await queue.get(jobId))?.state === 'completed');
      await queue.add('echo', { n: 'third' }, { jobId });
      await new Promise((r) => setTimeout(r, 200));
      expect(runs).toEqual(['first']);
      expect(await queue.get(jobId)).toMatchObject({ state: 'completed', result: { ok: true } });
    });

    it('delays a job and reports progress', async () => {
      queue.handle('slow', async (_data, ctx) => {
        await ctx.updateProgress({ done: 1, total: 2 });
        return 'done';
      });
      await queue.start();
      const jobId = `slow_${randomUUID()}`;
      const added = Date.now();
      await queue.add('slow', {}, { jobId, delayMs: 300 });
      expect((await queue.get(jobId))?.state).toBe('delayed');
      await waitFor(async () => (await queue.get(jobId))?.state === 'completed');
      expect(Date.now() - added).toBeGreaterThanOrEqual(250);
      expect((await queue.get(jobId))?.progress).toEqual({ done: 1, total: 2 });
    });

    it('reports a failed job with its error', async () => {
      queue.handle('fails', async () => {
        throw new Error('nope');
      });
      await queue.start();
      const jobId = `fails_${randomUUID()}`;
      await queue.add('fails', {}, { jobId });
      await waitFor(async () => ['failed', 'delayed'].includes((await queue.get(jobId))?.state ?? '') && Boolean((await queue.get(jobId))?.error), 8000);
      expect((await queue.get(jobId))?.error).toContain('nope');
    });
  });
}

queueContract('in-process', async () => new InProcessQueue());

describeWithService('Redis', redisUrl(), 'BullMQ on Redis', () => {
  queueContract('BullMQ', async () => {
    const redis = await connectRedis(redisUrl());
    if (!redis) throw new Error('Redis unreachable');
    return new BullMqQueue(redis, `test-${randomUUID()}`);
  });

  it('connectRedis gives up quickly on an unreachable Redis (the app then falls back to the in-process queue)', async () => {
    const started = Date.now();
    expect(await connectRedis('redis://127.0.0.1:1', 500)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
