// Control above the ECU (issue #13 point 4): budget, split, hysteresis; §14a dimming; schedules.
export * from './budget';
export * from './control-site';
export * from './controller';
export * from './dimming';
export * from './schedule';
export * from './split';
export * from './units';
export * from './validate';
