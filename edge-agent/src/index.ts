export * from './config';
export * from './agent';
export { hashPassword, verifyPassword } from './ocpp/password';
export * from './journal/index';
export { startForwarder } from './mqtt/forwarder';
export { connectUplink, type Uplink } from './mqtt/uplink';
export * from './dlm/index';
