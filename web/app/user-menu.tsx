import { ROLE_LABELS, type Principal } from '@ampfleet/domain';

/** The signed-in person and the way out; sign-out is a POST (a link could be forged from another site). */
export function UserMenu({ principal }: { principal: Principal }) {
  if (principal.kind !== 'user') return null;
  return (
    <form method="post" action="/api/auth/sign-out" className="user-menu">
      <span className="muted" title={principal.email}>
        {principal.email} · {ROLE_LABELS[principal.role]}
      </span>
      <button type="submit" className="link-button">
        Sign out
      </button>
    </form>
  );
}

/** What the top bar offers each role; the server enforces the same (procedures' permissions). */
export function navFor(principal: Principal | undefined): { href: string; label: string }[] {
  if (!principal || principal.kind !== 'user') return [];
  if (principal.role === 'site-owner') return [{ href: '/my', label: 'My site' }];
  const links = [
    { href: '/', label: 'Fleet' },
    { href: '/sites', label: 'Sites' },
    { href: '/developers', label: 'API' },
  ];
  if (principal.role === 'org-admin')
    links.push(
      { href: '/admin/users', label: 'Users' },
      { href: '/admin/api-keys', label: 'API keys' },
      { href: '/admin/audit-trail', label: 'Audit trail' },
    );
  return links;
}
