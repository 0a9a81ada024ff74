import type { Requester } from '../ghl/request.js';

/**
 * GHL's custom-provider calls (specs/ghl-openapi/apps/payments.json; each declares `Version: 2021-07-28`, which the
 * requester sends, and a required `locationId` query). Bodies carry only the fields the DTOs declare.
 */
export interface ProviderKeys {
  apiKey: string;
  publishableKey: string;
}

export interface GhlProviderApi {
  /** operationId create-integration: `POST /payments/custom-provider/provider` (CreateCustomProvidersDto). */
  createIntegration(locationId: string, body: { name: string; description: string; paymentsUrl: string; queryUrl: string; imageUrl: string; supportsSubscriptionSchedule: boolean }): Promise<unknown>;
  /** operationId create-config: `POST /payments/custom-provider/connect` (ConnectCustomProvidersConfigDto: both modes required). */
  connectConfig(locationId: string, body: { live: ProviderKeys; test: ProviderKeys }): Promise<unknown>;
  /** operationId disconnect-config: `POST /payments/custom-provider/disconnect` (DeleteCustomProvidersConfigDto). */
  disconnectConfig(locationId: string, liveMode: boolean): Promise<unknown>;
  /** operationId delete-integration: `DELETE /payments/custom-provider/provider`. */
  deleteIntegration(locationId: string): Promise<unknown>;
}

export function createGhlProviderApi(call: Requester): GhlProviderApi {
  const q = (locationId: string) => ({ locationId });
  return {
    createIntegration: (locationId, body) => call({ locationId, method: 'POST', path: '/payments/custom-provider/provider', query: q(locationId), body }),
    connectConfig: (locationId, body) => call({ locationId, method: 'POST', path: '/payments/custom-provider/connect', query: q(locationId), body }),
    disconnectConfig: (locationId, liveMode) => call({ locationId, method: 'POST', path: '/payments/custom-provider/disconnect', query: q(locationId), body: { liveMode } }),
    deleteIntegration: (locationId) => call({ locationId, method: 'DELETE', path: '/payments/custom-provider/provider', query: q(locationId) }),
  };
}
