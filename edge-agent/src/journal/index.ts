export * from './journal';
export { planCompaction, aggregateMessageId, COMPACTION_BUCKETS_MS, type CompactionPlan } from './compaction';
