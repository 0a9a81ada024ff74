import type { Cipher } from './cipher.js';

/**
 * Opens each ciphertext once per process. Callers still read the sealed value from the store on every use, so a
 * rotation (a new ciphertext) or a removal (no row) applies to the very next use in every process; only the
 * AES-GCM work for an unchanged value is saved. Bounded: the memo starts over past `max` entries.
 */
export function openOnce(cipher: Cipher, max = 10_000): (sealed: string) => string {
  const opened = new Map<string, string>();
  return (sealed) => {
    let plain = opened.get(sealed);
    if (plain === undefined) {
      if (opened.size >= max) opened.clear();
      plain = cipher.decrypt(sealed);
      opened.set(sealed, plain);
    }
    return plain;
  };
}
