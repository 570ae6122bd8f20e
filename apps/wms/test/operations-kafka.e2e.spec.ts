import { startKafkaTestBroker, type KafkaTestBroker } from '@ddd-kit/testing';
import { obliterateJobQueues } from './job-queues.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS /health with Kafka', () => {
  let broker: KafkaTestBroker;
  let wms: WmsTestApp;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({
      topics: { 'wms.catalog': 3, 'wms.inbound': 3, 'wms.inventory': 3, 'wms.outbound': 3 },
    });
    wms = await startWmsTestApp({ KAFKA_BROKERS: broker.brokers.join(','), HEALTH_TIMEOUT_MS: '1000' });
  }, 120_000);
  afterAll(async () => {
    if (wms) await obliterateJobQueues(wms.app);
    await wms?.close();
    await broker?.stop();
  }, 30_000);

  it('checks the cluster when KAFKA_BROKERS is set', async () => {
    const health = await wms.request({ method: 'GET', url: '/health', tenant: null });
    expect(health.status).toBe(200);
    expect(health.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      kafka: { status: 'up', brokers: 1 },
    });
  });

  it('answers 503 while the brokers are down, and 200 again once they are back', async () => {
    if (broker.external) return; // a shared broker cannot be taken down
    await broker.takeDown();
    try {
      const down = await wms.request({ method: 'GET', url: '/health', tenant: null });
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        status: 'error',
        error: { kafka: { status: 'down' } },
        details: { database: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'down' } },
      });
    } finally {
      await broker.bringUp();
    }
    const up = await wms.request({ method: 'GET', url: '/health', tenant: null });
    expect(up.status).toBe(200);
  }, 30_000);
});
