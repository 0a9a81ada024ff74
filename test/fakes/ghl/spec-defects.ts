/**
 * The ONE list of places where the fake GHL knowingly departs from GHL's published OpenAPI (`test/specs/ghl/`).
 * Everything else in the vendored spec is enforced as written. Each entry says what the spec says and why that is
 * wrong (or why the call is checked elsewhere), so a reader can judge it and drop it when GHL fixes the document.
 * Add an entry only with evidence; never to make an app request pass.
 */

/** A replacement of one schema node of a vendored document, applied before any validator is compiled. */
export interface SpecPatch {
  /** File under `test/specs/ghl/apps/`. */
  file: string;
  /** JSON pointer of the node replaced. */
  pointer: string;
  /** What the published document says there. */
  says: string;
  /** Why it is wrong, with the evidence. */
  why: string;
  replacement: Record<string, unknown>;
}

export const SPEC_PATCHES: SpecPatch[] = [
  {
    file: 'contacts.json',
    pointer: '/components/schemas/NumericField/properties/field_value',
    says: '`{ "type": "object", "example": 100 }`',
    why:
      'a NUMERICAL custom field holds a number: the spec\'s own example is the number 100, which its `type: object` ' +
      'rejects; the NestJS DTO behind it is evidently `field_value: number` emitted without a type. A number is what ' +
      'the GHL UI stores for NUMERICAL fields. Accept a number (or a numeric string, which GHL coerces).',
    replacement: { anyOf: [{ type: 'number' }, { type: 'string' }] },
  },
  {
    file: 'contacts.json',
    pointer: '/components/schemas/MonetoryField/properties/field_value',
    says: '`{ "type": "object", "example": 100.5 }`',
    why: 'same defect as NumericField: the example is the number 100.5, which `type: object` rejects. A MONETORY field holds an amount.',
    replacement: { anyOf: [{ type: 'number' }, { type: 'string' }] },
  },
  {
    file: 'contacts.json',
    pointer: '/components/schemas/SearchBodyV2DTO',
    says: '`{ "type": "object", "properties": {} }`: a body with no fields at all',
    why:
      'search-contacts-advanced documents its body outside the OpenAPI ("Documentation Link" in the operation\'s ' +
      'description); that page lists locationId (required), page, pageLimit (required, max 500), searchAfter, ' +
      'filters, sort and query (max 75 characters). The empty DTO is the generator missing a hand-validated body, ' +
      'not a body that takes nothing. Those fields, closed as the rest.',
    replacement: {
      type: 'object',
      properties: {
        locationId: { type: 'string' },
        page: { type: 'number' },
        pageLimit: { type: 'number', maximum: 500 },
        searchAfter: { type: 'array' },
        filters: { type: 'array', items: { type: 'object' } },
        sort: { type: 'array', items: { type: 'object' } },
        query: { type: 'string', maxLength: 75 },
      },
      required: ['locationId', 'pageLimit'],
      additionalProperties: false,
    },
  },
];

/**
 * Calls GHL answers that are not in the OpenAPI documents at all. They are not validated against a schema (there is
 * none), and docs/contracts-ghl.md lists them as unverified against the live platform.
 */
export interface OutsideSpec {
  method: string;
  /** Matched against the request path. */
  path: RegExp;
  why: string;
}

export const OUTSIDE_SPEC: OutsideSpec[] = [
  {
    method: 'POST',
    path: /^\/workflows-marketplace\/triggers\/execute\/[^/]+\/[^/]+$/,
    why:
      'a marketplace workflow trigger is fired by POSTing to the `targetUrl` GHL sent in the trigger subscription ' +
      '(its form is in /work/shared/docs/platform-facts.md); the URL is GHL\'s to choose and no apps/*.json operation ' +
      'describes it, so there is nothing to validate the delivery against.',
  },
];
