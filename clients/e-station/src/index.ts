/**
 * Fengqiao E Station: `<fengqiao-e-station>`. Loading this script registers the element.
 * See ../README.md for the attributes, theming variables, events and the token endpoint.
 */
import { FengqiaoEStation } from './element.js';

export const TAG_NAME = 'fengqiao-e-station';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, FengqiaoEStation);
}

export { FengqiaoEStation };
