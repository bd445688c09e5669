// Load history and the allocation twin's view (issue #13 points 3, 5, 7).
export * from './minute-bucket';
export * from './history';
export * from './twin';
export * from './control/index';
export * from './twin-offers';
export * from './twin-diagnosis';
export * from './twin-window';
export * from './twin-evaluate';
export * from './hour-bucket';
export * from './energy-day';
export * from './what-if';
export * from './history-csv';
