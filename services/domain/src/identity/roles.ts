import { z } from 'zod';

// Who may do what (issue #11). Roles are for people signed in to the console; scopes are for partner API
// keys. Both map to the same permissions, and the application layer checks permissions — never the UI.

export const ROLES = ['org-admin', 'fleet-manager', 'site-owner', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const API_KEY_SCOPES = ['read', 'commands', 'configuration'] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * Every permission a procedure or use case can require. `site:*` permissions are checked against one
 * site (a site owner holds them only on the sites assigned to them); `org:*` ones against the organisation.
 */
export const PERMISSIONS = [
  'sites:list', // the site list — a site owner's holds only their assigned sites
  'site:read', // a site's live state, configuration, audit, drift, load, sessions, commands
  'site:owner-action', // what the owner's dashboard offers: pause/resume charging, a limit within bounds
  'site:command', // any command to a charge point
  'site:configure', // save desired configuration, apply drift, roll out
  'site:load', // limits, schedules, dimming, peak cap
  'sites:create', // create a site from a template or an imported site configuration
  'site:provision', // issue a site box's edge bundle (its broker credentials / IoT certificate); rotates them
  'fleet:read', // fleet-wide views: overview, audit roll-ups, the whole site list
  'fleet:configure', // bulk rollouts across sites (each selected site still needs site:configure)
  'org:users', // invite, assign, remove users
  'org:api-keys', // create, revoke API keys
  'org:audit-trail', // read and export the audit trail
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  'org-admin': ALL,
  'fleet-manager': [
    'sites:list',
    'site:read',
    'site:owner-action',
    'site:command',
    'site:configure',
    'site:load',
    'sites:create',
    'fleet:read',
    'fleet:configure',
  ],
  // Only on the sites assigned to them (see `authorize`).
  'site-owner': ['sites:list', 'site:read', 'site:owner-action'],
  viewer: ['sites:list', 'site:read', 'fleet:read'],
};

/** A partner key never manages users, keys or reads the audit trail: those stay with people. */
export const SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  read: ['sites:list', 'site:read', 'fleet:read'],
  commands: ['site:owner-action', 'site:command', 'site:load'],
  configuration: ['site:configure', 'sites:create', 'fleet:configure'],
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  'org-admin': 'organisation admin',
  'fleet-manager': 'fleet manager',
  'site-owner': 'site owner',
  viewer: 'viewer',
};
