/**
 * Extension URNs contain dots (`…:enterprise:2.0:User`), which cannot be document keys, so
 * each known extension is stored under a fixed slot name (e.g. `ext.enterprise`). An
 * account's own custom extension will use the slot `custom`.
 */
export class ExtensionSlots {
  private readonly slotByUrn = new Map<string, string>();
  private readonly urnBySlot = new Map<string, string>();

  constructor(entries: readonly (readonly [urn: string, slot: string])[]) {
    for (const [urn, slot] of entries) {
      this.slotByUrn.set(urn.toLowerCase(), slot);
      this.urnBySlot.set(slot, urn);
    }
  }

  slotOf(urn: string): string | undefined {
    return this.slotByUrn.get(urn.toLowerCase());
  }

  urnOf(slot: string): string | undefined {
    return this.urnBySlot.get(slot);
  }
}
