/**
 * Wrong settings and the one message every entry point must refuse each with: a --config file (the
 * JSON text), a `semola train` flag where the setting has one, the API (the same JSON over the
 * WebSocket) and the New-run form (its field texts). The dataset is the 2-body built-in: a vector
 * layout with d = 8 (64 free entries in the full mask) and an equivariant task.
 */
export const DATA = 'builtin:nbody2?trajectories=4';
export const SHAPE = { layout: { kind: 'vector' as const, d: 8 }, task: 'equivariant' as const, targetKind: 'regression' as const };

export interface RefusalCase {
  name: string;
  /** The config as a --config file or an API call holds it (JSON text: 1e999 is Infinity). */
  json: string;
  flags?: string[];
  /** The form's texts by setting; absent where the form has no way to say it. */
  form?: Record<string, string>;
  message: string;
}

export const REFUSALS: RefusalCase[] = [
  { name: 'unknown key', json: '{"epochz": 3}', form: { epochz: '3' }, message: 'unknown config key "epochz"' },
  { name: 'inherited key toString', json: '{"toString": 1}', form: JSON.parse('{"toString": "1"}'), message: 'unknown config key "toString"' },
  { name: 'inherited key constructor', json: '{"constructor": {}}', message: 'unknown config key "constructor"' },
  { name: '__proto__', json: '{"__proto__": {"epochs": 3}}', form: JSON.parse('{"__proto__": "3"}'), message: 'unknown config key "__proto__"' },
  { name: 'misspelt distribution', json: '{"coefficients": {"distribution": "Normal"}}', form: { 'coefficients.distribution': 'Normal' }, message: 'coefficients.distribution must be "uniform" or "normal", got "Normal"' },
  { name: 'misspelt model', json: '{"model": {"kind": "MLP"}}', flags: ['--model', 'MLP'], form: { 'model.kind': 'MLP' }, message: 'model.kind must be "mlp", "pointcloud", "weight-sharing" or "cnn", got "MLP"' },
  { name: 'misspelt inference', json: '{"inference": "Averaging"}', flags: ['--inference', 'Averaging'], form: { inference: 'Averaging' }, message: 'inference must be "averaging" or "direct", got "Averaging"' },
  { name: 'unknown method', json: '{"method": "lie-gan"}', flags: ['--method', 'lie-gan'], form: { method: 'lie-gan' }, message: 'method must be "semola", "plain", "fixed-basis", "augerino" or "gradient", got "lie-gan"' },
  { name: 'boolean given as text', json: '{"standardizedLosses": "no"}', form: { standardizedLosses: 'no' }, message: 'standardizedLosses must be true or false, got "no"' },
  { name: 'infinite range end', json: '{"coefficients": {"low": -1e999}}', form: { 'coefficients.low': '-Infinity' }, message: 'coefficients.low must be a finite number, got -Infinity' },
  { name: 'infinite learning rate', json: '{"lr": 1e999}', flags: ['--lr', 'Infinity'], form: { lr: 'Infinity' }, message: 'lr must be a finite number in (0, 10), got Infinity' },
  { name: 'k of 0', json: '{"k": 0}', flags: ['--k', '0'], form: { k: '0' }, message: 'k must be an integer >= 1, got 0' },
  { name: 'fractional epochs', json: '{"epochs": 1.5}', flags: ['--epochs', '1.5'], form: { epochs: '1.5' }, message: 'epochs must be an integer >= 1, got 1.5' },
  { name: 'low above high', json: '{"coefficients": {"low": 2, "high": 1}}', form: { 'coefficients.low': '2', 'coefficients.high': '1' }, message: 'coefficients: low (2) must be below high (1)' },
  { name: 'basis that is text', json: '{"method": "fixed-basis", "fixedBasis": "abc"}', form: { method: 'fixed-basis', fixedBasis: 'abc' }, message: 'fixedBasis must be a list of d x d generators of finite numbers ([k][d][d]), got "abc"' },
  { name: 'k above the free entries', json: '{"k": 65}', flags: ['--k', '65'], form: { k: '65' }, message: 'k = 65 generators cannot be independent with only 64 free entries in the full mask (d = 8)' },
  { name: 'k far above the free entries', json: '{"k": 1000}', flags: ['--k', '1000'], form: { k: '1000' }, message: 'k = 1000 generators cannot be independent with only 64 free entries in the full mask (d = 8)' },
  {
    name: 'point-cloud model on a table',
    json: '{"model": {"kind": "pointcloud"}}',
    flags: ['--model', 'pointcloud'],
    form: { 'model.kind': 'pointcloud' },
    message: 'the point-cloud model needs a points dataset (molecules, trajectories); this one is a feature table: choose the MLP',
  },
  {
    name: 'weight sharing on an equivariant task',
    json: '{"model": {"kind": "weight-sharing"}}',
    flags: ['--model', 'weight-sharing'],
    form: { 'model.kind': 'weight-sharing' },
    message: "the weight-sharing model pools over its permutations, so its outputs are invariant: it takes invariant tasks only, and this dataset's task is equivariant: choose the MLP, or edit the dataset's task if its target does not transform",
  },
];
