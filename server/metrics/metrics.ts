import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Operator metrics in Prometheus format. One registry per container (tests build several apps), so no
 * prom-client global state is used. Labels are bounded: endpoints are route templates, never raw ids.
 */
export interface Metrics {
  registry: Registry;
  webhooksReceived: Counter<'source'>;
  webhooksVerified: Counter<'source'>;
  webhooksRejected: Counter<'source' | 'reason'>;
  webhooksDuplicate: Counter<'source'>;
  ingestSeconds: Histogram<'source'>;
  jobRuns: Counter<'type' | 'outcome'>;
  jobSeconds: Histogram<'type'>;
  jobsByState: Gauge<'state'>;
  jobsByStateAndType: Gauge<'state' | 'type'>;
  backlogByLocation: Gauge<'location'>;
  apiCalls: Counter<'api' | 'endpoint' | 'status'>;
  apiSeconds: Histogram<'api' | 'endpoint'>;
  apiRateLimited: Counter<'api'>;
  tokenRefreshes: Counter<'outcome'>;
  /** Health checks that found a location unhealthy, by reason; alerts sent into GHL by kind. */
  healthProblems: Counter<'reason'>;
  healthAlerts: Counter<'kind'>;
  retentionPurged: Counter<'what'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'rfh_' });
  const reg = { registers: [registry] };
  return {
    registry,
    webhooksReceived: new Counter({ name: 'rfh_webhooks_received_total', help: 'Webhook deliveries received', labelNames: ['source'], ...reg }),
    webhooksVerified: new Counter({ name: 'rfh_webhooks_verified_total', help: 'Webhook deliveries whose signature verified', labelNames: ['source'], ...reg }),
    webhooksRejected: new Counter({ name: 'rfh_webhooks_rejected_total', help: 'Webhook deliveries refused, by reason', labelNames: ['source', 'reason'], ...reg }),
    webhooksDuplicate: new Counter({ name: 'rfh_webhooks_duplicate_total', help: 'Verified deliveries already recorded (replays)', labelNames: ['source'], ...reg }),
    ingestSeconds: new Histogram({
      name: 'rfh_webhook_ingest_seconds',
      help: 'Time from request start to acknowledgement',
      labelNames: ['source'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ...reg,
    }),
    jobRuns: new Counter({ name: 'rfh_job_runs_total', help: 'Job executions by outcome (done, retry, dead)', labelNames: ['type', 'outcome'], ...reg }),
    jobSeconds: new Histogram({ name: 'rfh_job_run_seconds', help: 'Job run time', labelNames: ['type'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], ...reg }),
    jobsByState: new Gauge({ name: 'rfh_jobs', help: 'Jobs in the store by state', labelNames: ['state'], ...reg }),
    jobsByStateAndType: new Gauge({ name: 'rfh_jobs_by_type', help: 'Jobs in the store by state and type', labelNames: ['state', 'type'], ...reg }),
    backlogByLocation: new Gauge({ name: 'rfh_location_backlog', help: 'Pending jobs per location', labelNames: ['location'], ...reg }),
    apiCalls: new Counter({ name: 'rfh_api_calls_total', help: 'Outbound API calls (ghl, razorpay) by endpoint and status', labelNames: ['api', 'endpoint', 'status'], ...reg }),
    apiSeconds: new Histogram({
      name: 'rfh_api_call_seconds',
      help: 'Outbound API call latency',
      labelNames: ['api', 'endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ...reg,
    }),
    apiRateLimited: new Counter({ name: 'rfh_api_rate_limited_total', help: '429 answers received from an API', labelNames: ['api'], ...reg }),
    tokenRefreshes: new Counter({ name: 'rfh_token_refreshes_total', help: 'GHL token refreshes by outcome', labelNames: ['outcome'], ...reg }),
    healthProblems: new Counter({ name: 'rfh_health_problems_total', help: 'Health checks that found a location unhealthy, by reason', labelNames: ['reason'], ...reg }),
    healthAlerts: new Counter({ name: 'rfh_health_alerts_total', help: 'Health alerts: opened, alerted (task + trigger in GHL), realerted, held (GHL unusable), resolved', labelNames: ['kind'], ...reg }),
    retentionPurged: new Counter({ name: 'rfh_retention_purged_total', help: 'Records purged or trimmed by retention', labelNames: ['what'], ...reg }),
  };
}

/** Turns a concrete path into a bounded label: ids become `:id`. */
export function endpointLabel(method: string, path: string): string {
  const clean = path
    .split('?')[0]
    .split('/')
    .map((seg) => (/^[a-z]+\d*$/i.test(seg) && seg.length < 20 && !/\d{3,}/.test(seg) ? seg : seg ? ':id' : seg))
    .join('/');
  return `${method.toUpperCase()} ${clean}`;
}
