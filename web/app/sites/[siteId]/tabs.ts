// The site page's tabs. Live is today's view; the others are filled by the next issues — until then
// each says in one sentence what it will show (no made-up data). Labels and sentences live in the
// 'site' namespace (web/messages/<locale>/site.json) under tabs.<id>.
export const SITE_TABS = [
  { id: 'live', coming: false },
  { id: 'configuration', coming: false },
  { id: 'drift', coming: false },
  { id: 'audit', coming: false },
  { id: 'load', coming: false },
  { id: 'sessions', coming: true },
  { id: 'history', coming: true },
] as const;

export type SiteTabId = (typeof SITE_TABS)[number]['id'];

export function siteTab(value: string | string[] | undefined): (typeof SITE_TABS)[number] {
  return SITE_TABS.find((t) => t.id === value) ?? SITE_TABS[0];
}
