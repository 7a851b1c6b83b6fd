/** Disables a button while its work runs (and restores its label, which the work may change to "…ing"). */
export async function whileBusy<T>(button: HTMLButtonElement, work: () => Promise<T>, before?: () => void): Promise<T | undefined> {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  before?.();
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}
