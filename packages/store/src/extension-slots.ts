import { ENTERPRISE_USER_SCHEMA } from '@roster/scim';

/**
 * Extension URNs contain dots (`…:enterprise:2.0:User`), which cannot be document keys, so
 * each known extension is stored under a fixed slot name. The account's own custom
 * extension always uses the slot `custom`.
 */

export class ExtensionSlots {
  private readonly slotByUrn = new Map<string, string>();
  private readonly urnBySlot = new Map<string, string>();

  constructor(customUrn?: string) {
    this.add(ENTERPRISE_USER_SCHEMA, 'enterprise');
    if (customUrn !== undefined) this.add(customUrn, 'custom');
  }

  private add(urn: string, slot: string): void {
    this.slotByUrn.set(urn.toLowerCase(), slot);
    this.urnBySlot.set(slot, urn);
  }

  slotOf(urn: string): string | undefined {
    return this.slotByUrn.get(urn.toLowerCase());
  }

  urnOf(slot: string): string | undefined {
    return this.urnBySlot.get(slot);
  }
}
