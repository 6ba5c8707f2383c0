/**
 * The write worker as a package: `main.ts` runs it as a process; tests and other hosts start
 * the same worker with their own store and Redis.
 */
export { startWriteWorker, type RunningWorker, type WriteWorkerOptions } from './write-worker.ts';
export { loadWorkerConfig, type WorkerConfig } from './config.ts';
export { ResourceBusyError, ResourceLock } from './resource-lock.ts';
export { createWriteProcessor } from './process-write.ts';
export { summarizeChange, type ObservedState, type SummaryOptions } from './change-summary.ts';
export {
  createPurgeProcessor,
  startProvisioningLogPurge,
  type LogPurgeOptions,
  type PurgeResult,
  type RunningLogPurge,
} from './log-purge.ts';
export { createWriteMetrics, type WriteMetrics } from './metrics/write-metrics.ts';
export { registerQueueGauges, type QueueGauges, type QueueGaugeOptions } from './metrics/queue-gauges.ts';
