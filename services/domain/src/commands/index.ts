export * from './read-command';
export * from './deadline';
export * from './operator-limit';
export * from './ocpp-calls';
export * from './pause-charging';
