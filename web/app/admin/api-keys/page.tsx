import { AdminOnly } from '../guard';
import { ApiKeysAdmin } from './api-keys-admin';

export const dynamic = 'force-dynamic';

export default function ApiKeysPage() {
  return (
    <AdminOnly path="/admin/api-keys">
      <h1>Partner API keys</h1>
      <p className="muted">
        A key belongs to this organisation. Send it as <code>Authorization: Bearer &lt;key&gt;</code>; it is
        shown once, when you create it, and stored only as a hash.
      </p>
      <ApiKeysAdmin />
    </AdminOnly>
  );
}
