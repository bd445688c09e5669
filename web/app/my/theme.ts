/** The owner app's theme colour (browser bar, splash screen): the console's top bar navy. */
export const THEME_COLOUR = '#0f1b2d';
/** The page background, also the splash screen's. */
export const BACKGROUND_COLOUR = '#f6f8fb';
