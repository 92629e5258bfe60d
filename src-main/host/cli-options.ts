/**
 * The `semola train` flags that set a run setting, made from the option table's entries: each flag's
 * value name, choices and help are the entry's, and a wrong value is refused with the entry's
 * message (the one a --config file, the API and the New-run form give).
 */
import { InvalidArgumentError, Option } from 'commander';
import { fromText, settingProblem } from '../engine/options/setting';
import { option } from '../engine/options/table';

/** The commander option for a setting with a `flag` in the table; booleans are switches. */
export function settingOption(name: string): Option {
  const s = option(name);
  if (!s.flag) throw new Error(`setting "${name}" has no command-line flag in the option table`);
  if (s.kind === 'boolean') return new Option(s.flag.name, s.help);
  const o = new Option(`${s.flag.name} <${s.flag.value}>`, s.help);
  if (s.choices) o.choices(s.choices.map(String));
  // After choices(): commander keeps them for the help and uses this parser instead of its own check.
  return o.argParser((raw: string) => {
    const value = fromText(s, raw);
    const problem = settingProblem(s, value);
    if (problem) throw new InvalidArgumentError(problem);
    return value;
  });
}
