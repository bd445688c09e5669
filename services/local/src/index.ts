export * from './stack';
export * from './dynamodb-local';
export * from './broker';
export * from './router';
export * from './dead-letter-store';
export * from './ports';
export * from './children';
export { buildWeb, WEB_DIR } from './web-server';
export * from './demo-fleet';
