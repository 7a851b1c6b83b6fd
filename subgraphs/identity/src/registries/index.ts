export * from './registry.js';
export { seededRegistries, SEEDED_PERSONS, SEEDED_ORGANISATIONS } from './seeded.js';
export { httpRegistries } from './http.js';
