export * from './roles';
export * from './principal';
export * from './access';
export * from './api-key';
export * from './members';
export * from './audit-trail';
