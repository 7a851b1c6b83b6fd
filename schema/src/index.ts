export * from './subgraphs.js';
export * from './compose.js';
