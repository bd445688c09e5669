import { permissionsOf, type Principal } from '@ampfleet/domain';

/** The signed-in person and the way out; sign-out is a POST (a link could be forged from another site). */
export function UserMenu({
  principal,
  roleLabel,
  signOut,
}: {
  principal: Principal;
  roleLabel: string;
  signOut: string;
}) {
  if (principal.kind !== 'user') return null;
  return (
    <form method="post" action="/api/auth/sign-out" className="user-menu">
      <span className="muted" title={principal.email}>
        {principal.email} · {roleLabel}
      </span>
      <button type="submit" className="link-button">
        {signOut}
      </button>
    </form>
  );
}

/** What the top bar offers each role; the server enforces the same (procedures' permissions). */
export function navFor(principal: Principal | undefined): { href: string; key: string }[] {
  if (!principal || principal.kind !== 'user') return [];
  if (principal.role === 'site-owner') return [{ href: '/my', key: 'mySite' }];
  const links = [
    { href: '/', key: 'fleet' },
    { href: '/sites', key: 'sites' },
    { href: '/developers', key: 'api' },
  ];
  if (permissionsOf(principal).has('fleet:configure'))
    links.splice(2, 0, { href: '/rollouts', key: 'rollouts' });
  if (principal.role === 'org-admin')
    links.push(
      { href: '/admin/users', key: 'users' },
      { href: '/admin/api-keys', key: 'apiKeys' },
      { href: '/admin/audit-trail', key: 'auditTrail' },
    );
  return links;
}
