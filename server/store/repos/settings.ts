/** Per location settings (rules, scoring, reminders) as one JSON object; absent means "use the defaults". */
export interface LocationSettings {
  locationId: string;
  settings: Record<string, unknown>;
  updatedAt: number;
}

export interface SettingsRepo {
  get(locationId: string): Promise<LocationSettings | undefined>;
  put(locationId: string, settings: Record<string, unknown>, now: number): Promise<LocationSettings>;
}
