// @ampfleet/runtime — what every long-running process needs and nothing more: node only, no AWS SDK,
// so the edge agent on a site box carries it without the cloud adapters.
export * from './log';
export * from './shutdown';
