export * from './identity-provider';
export * from './token-verifier';
