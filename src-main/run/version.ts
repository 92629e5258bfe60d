/** The application's name and version, read once from package.json (two folders up, from the sources and from out/main alike). */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
export const APP_NAME = pkg.name;
export const APP_VERSION = pkg.version;
