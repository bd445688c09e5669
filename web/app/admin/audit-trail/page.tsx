import { AdminOnly } from '../guard';
import { AuditTrail } from './audit-trail';

export const dynamic = 'force-dynamic';

export default function AuditTrailPage() {
  return (
    <AdminOnly path="/admin/audit-trail">
      <h1>Audit trail</h1>
      <AuditTrail />
    </AdminOnly>
  );
}
