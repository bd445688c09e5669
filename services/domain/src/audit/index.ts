export * from './finding';
export type { AuditRule } from './rule';
export * from './engine';
export * from './schemas';
export * from './meter-fallback';
export * from './site-findings';
