/** Per location: a Razorpay customer id, a normalised e-mail or an E.164 phone → the GHL contact it belongs to. */
export type ContactLinkKind = 'customer' | 'email' | 'phone';

export interface ContactLink {
  locationId: string;
  kind: ContactLinkKind;
  value: string;
  contactId: string;
  createdAt: number;
}

export interface ContactLinkRepo {
  /** Links for any of the keys, in no particular order. */
  find(locationId: string, keys: { kind: ContactLinkKind; value: string }[]): Promise<ContactLink[]>;
  /** Insert-if-absent on (locationId, kind, value): an existing link is kept and returned with `created: false`. */
  link(locationId: string, kind: ContactLinkKind, value: string, contactId: string, now: number): Promise<{ link: ContactLink; created: boolean }>;
  /** Points every link of `fromContactId` at `toContactId` (a contact GHL deleted or merged). Returns how many moved. */
  repoint(locationId: string, fromContactId: string, toContactId: string): Promise<number>;
  listByContact(locationId: string, contactId: string): Promise<ContactLink[]>;
}
