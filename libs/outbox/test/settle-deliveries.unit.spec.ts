import { settleDeliveries } from '../src/relay/settle-deliveries.js';
import type { ClaimedMessage } from '../src/relay/outbox-store.js';

const message = (id: string, aggregateId: string, attempts = 0): ClaimedMessage => ({
  id,
  seq: id,
  laneHash: 0,
  topic: 't',
  key: aggregateId,
  headers: {},
  payload: '{}',
  aggregateType: 'test.account',
  aggregateId,
  eventType: 'e',
  eventVersion: 1,
  attempts,
});
const ok = { ok: true as const, receipt: { partition: 1, offset: '7' } };
const failed = { ok: false as const, error: new Error('broker says no') };
const options = { maxAttempts: 3, backoffBaseMs: 100, backoffMaxMs: 1_000 };

describe('settleDeliveries', () => {
  it('marks confirmed rows published with their receipt', () => {
    const settlement = settleDeliveries([message('1', 'a')], [ok], options);
    expect(settlement).toEqual({ published: [{ id: '1', receipt: ok.receipt }], failed: [], released: [] });
  });

  it('counts only the first failure of a lane and releases the rows behind it', () => {
    const batch = [message('1', 'a'), message('2', 'a'), message('3', 'b')];
    const settlement = settleDeliveries(batch, [failed, failed, ok], options, 0);
    expect(settlement.failed.map((f) => f.id)).toEqual(['1']);
    expect(settlement.released).toEqual(['2']);
    expect(settlement.published.map((p) => p.id)).toEqual(['3']);
  });

  it('backs off with jitter between half and all of base·2^(attempt−1)', () => {
    const [retry] = settleDeliveries([message('1', 'a', 1)], [failed], options, 0).failed;
    expect(retry?.retryAt?.getTime()).toBeGreaterThanOrEqual(100);
    expect(retry?.retryAt?.getTime()).toBeLessThan(200);
    expect(retry?.error).toBe('broker says no');
  });

  it('parks a row as dead on its last attempt', () => {
    const [dead] = settleDeliveries([message('1', 'a', 2)], [failed], options).failed;
    expect(dead?.retryAt).toBeNull();
  });
});
