import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyPassword } from './password';

// Basic-auth checks for the site's charge points. scrypt costs ~16 MB and tens of ms per check, and a
// whole site reconnects at once after a switch or agent restart: so at most two checks run at a time,
// and a password once verified is remembered (as a SHA-256 digest, in memory only) until it changes.

const MAX_CONCURRENT_CHECKS = 2;

export class CredentialChecker {
  private readonly verified = new Map<string, Buffer>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly hashes: ReadonlyMap<string, string>,
    private readonly verify: (password: Buffer, stored: string) => Promise<boolean> = verifyPassword,
  ) {}

  knows(chargePointId: string): boolean {
    return this.hashes.has(chargePointId);
  }

  async check(chargePointId: string, password: Buffer): Promise<boolean> {
    const stored = this.hashes.get(chargePointId);
    if (!stored) return false;
    const digest = createHash('sha256').update(password).digest();
    const remembered = this.verified.get(chargePointId);
    if (remembered && timingSafeEqual(remembered, digest)) return true;
    const ok = await this.limited(() => this.verify(password, stored));
    if (ok) this.verified.set(chargePointId, digest);
    return ok;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_CONCURRENT_CHECKS) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
