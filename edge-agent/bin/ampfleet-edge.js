#!/usr/bin/env node
// Runs the TypeScript entry through tsx (no build step on the site box).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
