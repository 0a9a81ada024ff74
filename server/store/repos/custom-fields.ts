/** Per location: GHL custom-field ids by the app's field name, so fields are created once and never looked up again. */
export interface CustomFieldRepo {
  all(locationId: string): Promise<Record<string, string>>;
  /** Insert-if-absent; returns the id that is stored (an earlier one wins a race). */
  set(locationId: string, name: string, fieldId: string, now: number): Promise<string>;
}
