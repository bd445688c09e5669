import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../guard';
import { UsersAdmin } from './users-admin';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const t = await getTranslations('admin.users');
  return (
    <AdminOnly path="/admin/users">
      <h1>{t('title')}</h1>
      <UsersAdmin />
    </AdminOnly>
  );
}
