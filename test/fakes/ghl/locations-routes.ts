import { Router } from 'express';
import { type FakeGhlState, newId } from './state.js';

const DATA_TYPES = new Set(['TEXT', 'LARGE_TEXT', 'NUMERICAL', 'PHONE', 'MONETORY', 'CHECKBOX', 'SINGLE_OPTIONS', 'MULTIPLE_OPTIONS', 'DATE', 'TEXTBOX_LIST', 'FILE_UPLOAD', 'RADIO', 'EMAIL']);

/**
 * GET /locations/:locationId (get-location), GET/POST /locations/:locationId/customFields (apps/locations.json
 * get-custom-fields, create-custom-field). The list filters on `model` (contact | opportunity | all); without it,
 * and a create without `model`, GHL's behaviour is not documented: the fake lists all and creates a contact field.
 */
export function locationsRoutes(state: FakeGhlState): Router {
  const r = Router();
  const allowed = (auth: string | undefined, locationId: string) => {
    const g = state.authorize(auth);
    return Boolean(g && g.userType === 'Location' && g.locationId === locationId);
  };

  // apps/locations.json get-location: a location token of that location, or its agency's token
  r.get('/locations/:locationId', (req, res) => {
    const g = state.authorize(req.get('authorization'));
    const loc = state.findLocation(req.params.locationId);
    const company = loc && [...state.companies.values()].find((c) => c.locations.has(loc.id));
    const ok = g && loc && ((g.userType === 'Location' && g.locationId === loc.id) || (g.userType === 'Company' && g.companyId === company?.id));
    if (!ok) {
      res.status(401).json({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
      return;
    }
    // a sub-account GHL keeps no name for answers without one, as some do
    res.json({ location: { id: loc.id, companyId: company?.id, name: loc.name || undefined, address: loc.address } });
  });

  r.get('/locations/:locationId/customFields', (req, res) => {
    if (!allowed(req.get('authorization'), req.params.locationId)) {
      res.status(401).json({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
      return;
    }
    const model = req.query.model as string | undefined;
    const all = state.customFields.get(req.params.locationId) ?? [];
    res.json({ customFields: !model || model === 'all' ? all : all.filter((f) => f.model === model) });
  });

  r.post('/locations/:locationId/customFields', (req, res) => {
    const locationId = req.params.locationId;
    if (!allowed(req.get('authorization'), locationId)) {
      res.status(401).json({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
      return;
    }
    const b = req.body as { name?: unknown; dataType?: unknown; model?: 'contact' | 'opportunity' };
    if (typeof b.name !== 'string' || !b.name || typeof b.dataType !== 'string' || !DATA_TYPES.has(b.dataType)) {
      res.status(422).json({ statusCode: 422, message: ['name should not be empty', 'dataType must be a valid enum value'], error: 'Unprocessable Entity' });
      return;
    }
    const list = state.customFields.get(locationId) ?? [];
    const model = b.model ?? 'contact';
    const fieldKey = `${model}.${b.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
    if (list.some((f) => f.fieldKey === fieldKey)) {
      res.status(400).json({ statusCode: 400, message: `Custom field with key ${fieldKey} already exists` });
      return;
    }
    const customField = { id: newId(), name: b.name, fieldKey, dataType: b.dataType, locationId, model };
    state.customFields.set(locationId, [...list, customField]);
    res.status(201).json({ customField });
  });

  return r;
}
