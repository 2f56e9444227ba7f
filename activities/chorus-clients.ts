import { ChorusClient } from '../src/chorus/index.ts';
import type { CredentialResolver } from '../src/config/credentials.ts';
import type { GatewayConfig } from '../src/config/gateway-config.ts';
import { chorusEnvironment } from '../src/gateway/chorus-environment.ts';

/**
 * One client per gateway and connection for the worker's lifetime, so its PISTE token is shared by every activity
 * instead of being requested per call.
 */
export class ChorusClientPool {
  private readonly clients = new Map<string, ChorusClient>();
  private readonly structureIds = new Map<string, number>();

  constructor(private readonly credentials: CredentialResolver) {}

  get(gateway: GatewayConfig): ChorusClient {
    const key = JSON.stringify([gateway.id, chorusEnvironment(gateway), gateway.credentials]);
    let client = this.clients.get(key);
    if (!client) {
      client = new ChorusClient({
        environment: chorusEnvironment(gateway),
        credentials: this.credentials.resolve(gateway.credentials),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The recipient's Chorus Pro structure id, looked up once from its SIRET. */
  async recipientStructureId(gateway: GatewayConfig): Promise<number> {
    if (gateway.recipient.structureId !== undefined) return gateway.recipient.structureId;
    const key = `${gateway.id}:${gateway.recipient.siret}`;
    const known = this.structureIds.get(key);
    if (known !== undefined) return known;
    const { structureId } = await this.get(gateway).findStructureBySiret(gateway.recipient.siret);
    this.structureIds.set(key, structureId);
    return structureId;
  }
}
