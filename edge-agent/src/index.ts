export * from './config';
export * from './agent';
export { hashPassword, verifyPassword } from './ocpp/password';
