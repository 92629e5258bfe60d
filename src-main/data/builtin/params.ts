/** How a built-in dataset declares its query-string parameters (`builtin:NAME?key=value`). */
export interface BuiltinParam {
  name: string;
  /** `int`: strict integer text; `number`: strict decimal / scientific text. */
  kind: 'int' | 'number';
  default: number;
  /** Inclusive bounds. */
  min: number;
  max: number;
  /** Named values: the parameter takes one of these names (or its index), and holds the index. */
  choices?: string[];
  /** A few words for help texts and errors. */
  description: string;
}
