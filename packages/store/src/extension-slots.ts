import { customExtensionUrn, urnEquals } from '@roster/scim';

/**
 * Extension URNs contain dots (`…:enterprise:2.0:User`), which cannot be document keys, so
 * each known extension is stored under a fixed slot name (e.g. `ext.enterprise`). Every
 * account's own extension (`<namespace>:<accountId>:2:User`) uses the slot `custom`.
 */
export const CUSTOM_SLOT = 'custom';

export class ExtensionSlots {
  private readonly slotByUrn = new Map<string, string>();
  private readonly urnBySlot = new Map<string, string>();

  constructor(
    entries: readonly (readonly [urn: string, slot: string])[],
    /** Namespace of account extensions; none for resource types without one (Groups). */
    private readonly customNamespace?: string,
  ) {
    for (const [urn, slot] of entries) {
      this.slotByUrn.set(urn.toLowerCase(), slot);
      this.urnBySlot.set(slot, urn);
    }
  }

  slotOf(urn: string, accountId: string): string | undefined {
    const fixed = this.slotByUrn.get(urn.toLowerCase());
    if (fixed !== undefined) return fixed;
    return this.customNamespace !== undefined &&
      urnEquals(urn, customExtensionUrn(this.customNamespace, accountId))
      ? CUSTOM_SLOT
      : undefined;
  }

  urnOf(slot: string, accountId: string): string | undefined {
    if (slot === CUSTOM_SLOT && this.customNamespace !== undefined)
      return customExtensionUrn(this.customNamespace, accountId);
    return this.urnBySlot.get(slot);
  }
}
