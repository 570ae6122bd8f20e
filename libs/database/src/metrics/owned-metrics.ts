import { register, type Metric, type Registry } from 'prom-client';

/**
 * The metrics one provider owns on a prom-client registry (the global one by default). Here
 * because every ddd-kit module (outbox, projector, cache) and the apps need the same ownership
 * rule. A name already taken, by an earlier app in the same process (tests),
 * is replaced: the newest owner wins, as in the ddd-kit libraries. `removeAll` on shutdown
 * takes away only what is still ours.
 */
export class OwnedMetrics {
  private readonly metrics: Metric[] = [];

  constructor(private readonly registry: Registry = register) {}

  add<M extends Metric>(metric: M): M {
    const name = nameOf(metric);
    if (this.registry.getSingleMetric(name)) this.registry.removeSingleMetric(name);
    this.registry.registerMetric(metric);
    this.metrics.push(metric);
    return metric;
  }

  removeAll(): void {
    for (const metric of this.metrics.splice(0)) {
      const name = nameOf(metric);
      if (this.registry.getSingleMetric(name) === metric) this.registry.removeSingleMetric(name);
    }
  }
}

// prom-client keeps the name on every metric but leaves it out of the `Metric` type.
function nameOf(metric: Metric): string {
  return (metric as unknown as { name: string }).name;
}
