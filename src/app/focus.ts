import { tick } from 'svelte';

/**
 * Moves the keyboard to the element `selector` names once the page has updated: where a user
 * goes on from after a form, a view or a dialog closes, or a table opens (not the page's top).
 */
export async function focusWhenShown(selector: string): Promise<void> {
  await tick();
  document.querySelector<HTMLElement>(selector)?.focus();
}
