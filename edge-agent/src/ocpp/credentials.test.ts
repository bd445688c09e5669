import { describe, expect, it } from 'vitest';
import { CredentialChecker } from './credentials';
import { hashPassword } from './password';

describe('CredentialChecker', () => {
  it('accepts the right password, refuses others, and remembers only what it verified', async () => {
    const checker = new CredentialChecker(new Map([['CP-1', await hashPassword('right')]]));
    expect(await checker.check('CP-1', Buffer.from('right'))).toBe(true);
    expect(await checker.check('CP-1', Buffer.from('right'))).toBe(true);
    expect(await checker.check('CP-1', Buffer.from('wrong'))).toBe(false);
    expect(await checker.check('CP-2', Buffer.from('right'))).toBe(false);
    expect(checker.knows('CP-2')).toBe(false);
  });

  it('runs at most two expensive checks at a time during a reconnect storm', async () => {
    let running = 0;
    let peak = 0;
    const slowVerify = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return true;
    };
    const ids = Array.from({ length: 20 }, (_, i) => `CP-${i}`);
    const checker = new CredentialChecker(new Map(ids.map((id) => [id, 'scrypt$x$y'])), slowVerify);
    const results = await Promise.all(ids.map((id) => checker.check(id, Buffer.from('pw'))));
    expect(results.every(Boolean)).toBe(true);
    expect(peak).toBe(2);
  });
});
