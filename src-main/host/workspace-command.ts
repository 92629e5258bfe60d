/** `semola workspace check` and `semola workspace recover --out NEW`: for a workspace file that is damaged. */
import type { Command } from 'commander';
import { checkWorkspaceFile, recoverWorkspace } from '../store/recover';
import { resolveWorkspacePath } from '../store/location';

export function addWorkspaceCommands(program: Command): void {
  const workspace = program.command('workspace').description('check a workspace file, or recover what is readable from a damaged one into a new file');
  workspace
    .command('check')
    .description("SQLite's full integrity check of the workspace file; exits 1 when it finds damage")
    .option('--workspace <file>', 'workspace file (default: $SEMOLA_WORKSPACE, else the user data folder)')
    .action((f: { workspace?: string }) => {
      const report = checkWorkspaceFile(resolveWorkspacePath(f.workspace));
      if (report.ok) {
        process.stdout.write(`${report.file}: ok\n`);
        return;
      }
      process.stdout.write(`${report.file}: damaged\n${report.problems.map((p) => `  ${p}`).join('\n')}\n`);
      throw new Error(`${report.file} is damaged: \`semola workspace recover --workspace ${report.file} --out NEW.sqlite\` copies what is readable into a new file`);
    });
  workspace
    .command('recover')
    .description('copy every readable row of a (damaged) workspace into a new workspace file; the old file is not changed')
    .option('--workspace <file>', 'the damaged workspace file (default: $SEMOLA_WORKSPACE, else the user data folder)')
    .requiredOption('--out <file>', 'the new workspace file (must not exist)')
    .action((f: { workspace?: string; out: string }) => {
      const report = recoverWorkspace(resolveWorkspacePath(f.workspace), f.out);
      const lines = report.tables.map((t) => `  ${t.name}: ${t.copied} rows copied${t.lost > 0 ? `, ${t.lost} unreadable` : ''}`);
      process.stdout.write(
        `recovered ${report.from} into ${report.to}\n${lines.join('\n')}\n` +
          (report.orphansRemoved > 0 ? `  ${report.orphansRemoved} rows removed whose parent row was unreadable\n` : '') +
          `use it with --workspace ${report.to} (or SEMOLA_WORKSPACE=${report.to})\n`,
      );
    });
}
