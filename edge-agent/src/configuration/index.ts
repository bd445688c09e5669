export * from './config-reports';
