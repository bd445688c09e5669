import type { SiteSecrets } from '../config/desired-secrets';
import type { Site } from '../config/site';
import type { SiteChange } from '../config/site-diff';

// One version of a site's desired configuration as the repositories hand it over (items CONFIG#V#… and
// the head CONFIG#DESIRED, table.ts). `site` never holds a secret; `secrets` are sealed at rest by the
// adapters and never leave the application layer unmasked.

export interface DesiredConfigMeta {
  version: number;
  savedAt: string;
  /** The principal's e-mail, or 'API key <id>', or 'system' for registration. */
  savedBy: string;
  comment?: string;
  /** What changed against the previous version ([] for version 1). */
  changes: SiteChange[];
}

export interface DesiredConfigVersion extends DesiredConfigMeta {
  site: Site;
  secrets: SiteSecrets;
}
