import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../guard';
import { AuditTrail } from './audit-trail';

export const dynamic = 'force-dynamic';

export default async function AuditTrailPage() {
  const t = await getTranslations('admin.audit');
  return (
    <AdminOnly path="/admin/audit-trail">
      <h1>{t('title')}</h1>
      <AuditTrail />
    </AdminOnly>
  );
}
