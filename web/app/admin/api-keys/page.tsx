import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../guard';
import { ApiKeysAdmin } from './api-keys-admin';

export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  const t = await getTranslations('admin.apiKeys');
  return (
    <AdminOnly path="/admin/api-keys">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <ApiKeysAdmin />
    </AdminOnly>
  );
}
