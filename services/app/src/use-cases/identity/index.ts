export * from './ports';
export * from './authenticate';
export * from './sign-in';
export * from './users';
export * from './api-keys';
export * from './audit-trail';
