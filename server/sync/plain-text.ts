/**
 * Payer-controlled text (names, payment notes, link descriptions) on its way into a GHL note or contact name.
 * GHL renders notes as rich text, so markup a payer typed into a Razorpay form must arrive as plain words: tags
 * and control characters go, and an `[rzp:` the payer wrote cannot pose as our idempotency marker.
 */
export function plainText(raw: string, maxLength = 2_000): string {
  return raw
    .replace(/<[^>]*>?/g, ' ') // tags, also an unclosed one at the end
    .replace(/[<>]/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '')
    .replace(/\[rzp:/gi, '(rzp:')
    .replace(/[ \t]+/g, ' ')
    .trim()
    .slice(0, maxLength);
}
