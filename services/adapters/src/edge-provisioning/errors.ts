/** Issuing a site box's credentials failed (AWS IoT refused or answered oddly, the local CA is unreadable). */
export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
}
