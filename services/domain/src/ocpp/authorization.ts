import { z } from 'zod';
import { IdTag } from '../contracts/transactions';

// OCPP 1.6 Authorize against the site's local authorization list (the edge agent's config). The same
// answer (idTagInfo) goes into StartTransaction.conf. IdToken is case-insensitive (OCPP 1.6 §7.29).

const ListedStatus = z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid']);

export const LocalAuthorizationEntry = z
  .object({
    idTag: IdTag.min(1),
    status: ListedStatus,
    /** After this instant an Accepted tag is answered Expired. */
    expiryDate: z.iso.datetime({ offset: true }).optional(),
    parentIdTag: IdTag.optional(),
  })
  .strict();
export type LocalAuthorizationEntry = z.infer<typeof LocalAuthorizationEntry>;

export const LocalAuthorization = z
  .object({
    localList: z
      .array(LocalAuthorizationEntry)
      .max(10_000)
      .refine(
        (list) => new Set(list.map((e) => e.idTag.toUpperCase())).size === list.length,
        'idTags must be unique (case-insensitive)',
      )
      .default([]),
    /** Answer for tags not on the list. Default Invalid; Accepted makes the site free-charging. */
    unknownIdTag: z.enum(['Accepted', 'Invalid']).default('Invalid'),
  })
  .strict();
export type LocalAuthorization = z.infer<typeof LocalAuthorization>;

export interface IdTagInfo {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  expiryDate?: string;
  parentIdTag?: string;
}

export function authorizeIdTag(authorization: LocalAuthorization, idTag: string, now: Date): IdTagInfo {
  const key = idTag.toUpperCase();
  const entry = authorization.localList.find((e) => e.idTag.toUpperCase() === key);
  if (!entry) return { status: authorization.unknownIdTag };
  const expired = entry.expiryDate !== undefined && Date.parse(entry.expiryDate) <= now.getTime();
  return {
    status: entry.status === 'Accepted' && expired ? 'Expired' : entry.status,
    ...(entry.expiryDate !== undefined && { expiryDate: new Date(entry.expiryDate).toISOString() }),
    ...(entry.parentIdTag !== undefined && { parentIdTag: entry.parentIdTag }),
  };
}
