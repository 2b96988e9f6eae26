export * from './lib/vocabulary';
export * from './lib/bilingual';
export * from './lib/views';
export * from './lib/permissions';
export * from './lib/events';
export * from './lib/accounts';
export * from './lib/tracking';
export * from './lib/imports';
