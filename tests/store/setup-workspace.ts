/**
 * Every test file gets its own throw-away default workspace, so no test (nor a `semola` child
 * process it spawns, which inherits the environment) records runs in the user's real workspace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-test-workspace-'));
process.env.SEMOLA_WORKSPACE = path.join(dir, 'workspace.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
