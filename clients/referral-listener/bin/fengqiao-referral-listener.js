#!/usr/bin/env node
// The installed command: registers tsx (resolved from this package, so any working directory
// will do) and runs the TypeScript entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
