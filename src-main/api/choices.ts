/**
 * The method and backend lists as the command line and the New-run form offer them, from their one
 * source each: the method records (engine/methods/method.ts) and the backend list
 * (engine/backend-names.ts). This is the one module the renderer imports values from
 * (tests/app/boundaries.test.ts): it and what it imports are plain data, no packages, no Node.
 */
import { METHOD_NAMES, METHODS, type Method } from '../engine/methods/method';

export { BACKEND_HELP, BACKEND_NAMES, BACKEND_REQUESTS, type BackendRequest } from '../engine/backend-names';
export { METHOD_NAMES, type Method } from '../engine/methods/method';

/** The methods trained with a given basis (the `fixedBasis` setting, `--basis` on the command line). */
export const METHODS_WITH_GIVEN_BASIS: readonly Method[] = METHOD_NAMES.filter((m) => METHODS[m].basis === 'fixed');

/** Every method with its one-line summary: "semola: learns ...; plain: ...". */
export const METHODS_HELP = METHOD_NAMES.map((m) => `${m}: ${METHODS[m].summary}`).join('; ');
