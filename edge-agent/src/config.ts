import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ChargePointId,
  describeIssues,
  fieldIssues,
  LocalAuthorization,
  OrgId,
  SiteId,
} from '@ampfleet/domain';
import { DlmSettings, checkDlmNetworks } from './dlm/config';
import { z } from 'zod';

// The edge agent's configuration file (`ampfleet-edge --config site-edge.json`).

/**
 * Proxy mode: the agent forwards each listed charge point's calls to `<url>/<chargePointId>` and relays
 * the replies (see src/ocpp/proxy/). The upstream Basic-auth password is never written in this file:
 * it is read from `passwordFile` or from the environment variable `passwordEnv` (exactly one).
 */
export const UpstreamConfig = z
  .object({
    /** The backend's OCPP-J endpoint without the identity, e.g. wss://backend.example/ocpp. */
    url: z.string().regex(/^wss?:\/\/[^\s]+[^/\s]$/, 'must start with ws:// or wss:// and not end with /'),
    chargePoints: z
      .array(
        z
          .object({
            id: ChargePointId,
            passwordFile: z.string().min(1).optional(),
            passwordEnv: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
              .optional(),
          })
          .strict()
          .refine((cp) => (cp.passwordFile === undefined) !== (cp.passwordEnv === undefined), {
            message: 'give exactly one of passwordFile and passwordEnv',
          }),
      )
      .min(1),
    /** How long an ECU's call waits for the upstream's reply before it is answered locally (ms). */
    callTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
    /** Reconnect backoff towards the upstream (ms). */
    backoff: z
      .object({
        initialDelayMs: z.number().int().min(10).default(1_000),
        maxDelayMs: z.number().int().min(10).default(60_000),
      })
      .strict()
      .default({ initialDelayMs: 1_000, maxDelayMs: 60_000 }),
    /** Durable queue of calls not yet delivered upstream. Default: beside the journal, `<journal dir>.upstream`. */
    queueDir: z.string().min(1).optional(),
    /** wss only: PEM files passed to TLS (private CA, client certificate). */
    tls: z
      .object({
        caFile: z.string().optional(),
        certFile: z.string().optional(),
        keyFile: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type UpstreamConfig = z.infer<typeof UpstreamConfig>;
export const EdgeConfig = z
  .object({
    orgId: OrgId,
    siteId: SiteId,
    ocpp: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535),
        /** OCPP-J endpoint path; charge points connect to ws://host:port<path>/<chargePointId>. */
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9/_-]*$/)
          .default('/ocpp'),
        heartbeatIntervalS: z.number().int().min(10).max(86_400).default(300),
        chargePoints: z
          .array(
            z
              .object({
                id: ChargePointId,
                /** scrypt hash of the charge point's HTTP Basic-auth password (security profile 1). */
                passwordHash: z
                  .string()
                  .regex(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'expected scrypt$<salt>$<hash>'),
              })
              .strict(),
          )
          .min(1),
        /** Proxy mode (optional): relay every charge point listed here to a third-party backend. */
        upstream: UpstreamConfig.optional(),
        /** Authorize / StartTransaction answers: the site's local list and the policy for unknown idTags. */
        authorization: LocalAuthorization.default({ localList: [], unknownIdTag: 'Invalid' }),
        /** DataTransfer: vendorIds answered Accepted; any other gets UnknownVendorId (OCPP 1.6 §4.3). */
        dataTransfer: z
          .object({ vendorIds: z.array(z.string().min(1).max(255)).max(100).default([]) })
          .strict()
          .default({ vendorIds: [] }),
      })
      .strict()
      .superRefine((ocpp, ctx) => {
        const known = new Set(ocpp.chargePoints.map((cp) => cp.id));
        ocpp.upstream?.chargePoints.forEach((cp, i) => {
          if (!known.has(cp.id))
            ctx.addIssue({
              code: 'custom',
              path: ['upstream', 'chargePoints', i, 'id'],
              message: `${cp.id} is not one of ocpp.chargePoints`,
            });
        });
      }),
    mqtt: z
      .object({
        url: z.string().regex(/^mqtts?:\/\//, 'must start with mqtt:// or mqtts://'),
        clientId: z.string().min(1).max(128).optional(),
        /** AWS IoT Core: X.509 client certificate, key and CA (PEM files). Omitted only on loopback. */
        tls: z.object({ certFile: z.string(), keyFile: z.string(), caFile: z.string() }).strict().optional(),
      })
      .strict(),
    /** Store-and-forward journal (LevelDB). Optional: defaults from `journalSettings`. */
    journal: z
      .object({
        /** Default `.ampfleet-journal/<siteId>` under the working directory. One directory per agent. */
        dir: z.string().min(1).optional(),
        /** Budget for the journal's logical size (bytes); over it, old telemetry is aggregated. */
        maxBytes: z
          .number()
          .int()
          .min(1024 * 1024)
          .optional(),
        /** Group commit: at most one fsync'd batch per this many ms (default 200; journal.ts). */
        groupCommitMs: z.number().int().min(0).max(1_000).optional(),
      })
      .strict()
      .optional(),
    /** The site's DLM networks (§7): master, members, external meter. Optional. */
    dlm: DlmSettings.optional(),
    /**
     * Reported configuration: each ECU's GetConfiguration (all keys) after its boot, after each change
     * the agent makes, and every `intervalS` (default 6 h), journaled as 'reportedConfig'.
     */
    reportedConfig: z
      .object({
        enabled: z.boolean().default(true),
        intervalS: z.number().int().min(60).max(604_800).default(21_600),
      })
      .strict()
      .default({ enabled: true, intervalS: 21_600 }),
  })
  .strict()
  .superRefine(checkDlmNetworks);
export type EdgeConfig = z.infer<typeof EdgeConfig>;

/** 512 MiB: days of a large site's telemetry before anything is aggregated. */
export const DEFAULT_JOURNAL_MAX_BYTES = 512 * 1024 * 1024;

export function journalSettings(config: EdgeConfig): {
  dir: string;
  maxBytes: number;
  groupCommitMs?: number;
} {
  return {
    dir: path.resolve(config.journal?.dir ?? path.join('.ampfleet-journal', config.siteId)),
    maxBytes: config.journal?.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES,
    ...(config.journal?.groupCommitMs !== undefined && { groupCommitMs: config.journal.groupCommitMs }),
  };
}

export function upstreamQueueDir(config: EdgeConfig): string {
  return path.resolve(config.ocpp.upstream?.queueDir ?? `${journalSettings(config).dir}.upstream`);
}

/**
 * The transaction ledger (id counter and open transactions) lives inside the journal directory: it is
 * lost only together with the journal, and the cloud tells such id runs apart by start time.
 */
export function transactionLedgerDir(config: EdgeConfig): string {
  return path.join(journalSettings(config).dir, 'transactions');
}

export class EdgeConfigError extends Error {
  override readonly name = 'EdgeConfigError';
}

export async function loadEdgeConfig(file: string): Promise<EdgeConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new EdgeConfigError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseEdgeConfig(raw, file);
}

export function parseEdgeConfig(raw: unknown, source = 'config'): EdgeConfig {
  const parsed = EdgeConfig.safeParse(raw);
  if (!parsed.success) throw new EdgeConfigError(`${source}: ${describeIssues(fieldIssues(parsed.error))}`);
  return parsed.data;
}
