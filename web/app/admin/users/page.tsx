import { AdminOnly } from '../guard';
import { UsersAdmin } from './users-admin';

export const dynamic = 'force-dynamic';

export default function UsersPage() {
  return (
    <AdminOnly path="/admin/users">
      <h1>Users</h1>
      <UsersAdmin />
    </AdminOnly>
  );
}
