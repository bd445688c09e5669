// The site page's tabs. Live is today's view; the others are filled by the next issues — until then
// each says in one sentence what it will show (no made-up data).
export const SITE_TABS = [
  { id: 'live', label: 'Live', coming: undefined },
  {
    id: 'configuration',
    label: 'Configuration',
    coming:
      "The site's configuration — stations, ECUs, LANs and DLM parameters for each firmware version — will be shown and edited here.",
  },
  {
    id: 'drift',
    label: 'Drift',
    coming:
      'Differences between the desired configuration and what the ECUs report (firmware-aware) will be listed here.',
  },
  {
    id: 'audit',
    label: 'Audit',
    coming:
      "Audit findings of the site's configuration, each with its manual § and how to fix it, will be listed here.",
  },
  {
    id: 'load',
    label: 'Load',
    coming:
      "Per-phase load over time for each DLM network and the site's main connection will be charted here.",
  },
  {
    id: 'sessions',
    label: 'Sessions',
    coming: "All of the site's charging sessions, with energy, filters and export, will be listed here.",
  },
  {
    id: 'history',
    label: 'History',
    coming:
      'A timeline of changes to the site — commands sent, configuration edits and their results — will be shown here.',
  },
] as const;

export type SiteTabId = (typeof SITE_TABS)[number]['id'];

export function siteTab(value: string | string[] | undefined): (typeof SITE_TABS)[number] {
  return SITE_TABS.find((t) => t.id === value) ?? SITE_TABS[0];
}
