/**
 * The text (WebAssembly text format) of the kernels this project runs on the wasm backend: the dense
 * products of its matMul (matmul.ts), one Adam step (adam-kernel.ts) and ReLU's gradient
 * (relu-grad.ts). Generated rather than written out: the register-blocked tiles differ only
 * in their sizes. `scripts/build-wasm-kernels.ts` assembles it with wabt into module.generated.ts,
 * and tests/engine/wasm-kernels.test.ts checks that file against this text.
 *
 * C = A B with A(i, p) at a + i sAi + p sAp (bytes), B(p, j) at b + p sBp + 4 j and C(i, j) at
 * c + i sCi + 4 j: one function serves A and its transpose (swap the strides); B's rows must be
 * contiguous, so a transposed B is first copied by `transpose`. The module has no memory of its own:
 * it imports the tfjs wasm backend's, and reads and writes tensors where they lie.
 *
 * Tiles: 4 rows x 8 columns kept in eight 128-bit accumulators over the whole sum (the fastest of
 * 4x8, 6x8, 8x8, 4x12, 3x16, 2x16 measured on a 320 x 256 x 256 product), then 1-row and 4-column
 * tiles and a scalar column for the edges. `fma`: f32x4.relaxed_madd (one fused multiply-add where
 * the CPU has one, WebAssembly relaxed SIMD); otherwise a multiply and an add.
 */

type Variant = { fma: boolean };

/** The accumulate step: acc + a * b on four lanes. */
function madd(v: Variant, a: string, b: string, acc: string): string {
  return v.fma ? `(f32x4.relaxed_madd ${a} ${b} ${acc})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${acc})`;
}

/** A tile of `rows` x (4 `vecs`) entries of C, summed over all k. */
function vectorTile(v: Variant, rows: number, vecs: number): string {
  const name = `$tile_${rows}x${vecs * 4}`;
  const acc = (r: number, q: number) => `$c${r}_${q}`;
  const L: string[] = [];
  L.push(`(func ${name} (param $a i32) (param $sAi i32) (param $sAp i32) (param $b i32) (param $sBp i32) (param $c i32) (param $sCi i32) (param $k i32)`);
  L.push('  (local $av v128)');
  for (let r = 0; r < rows; r++) L.push(`  (local $a${r} i32)`);
  for (let q = 0; q < vecs; q++) L.push(`  (local $b${q} v128)`);
  for (let r = 0; r < rows; r++) for (let q = 0; q < vecs; q++) L.push(`  (local ${acc(r, q)} v128)`);
  // Locals start at zero, so a k of 0 stores zeros.
  for (let r = 0; r < rows; r++) L.push(`  (local.set $a${r} (i32.add (local.get $a) (i32.mul (local.get $sAi) (i32.const ${r}))))`);
  L.push('  (if (i32.gt_s (local.get $k) (i32.const 0)) (then (loop $p');
  for (let q = 0; q < vecs; q++) L.push(`    (local.set $b${q} (v128.load offset=${16 * q} align=4 (local.get $b)))`);
  for (let r = 0; r < rows; r++) {
    L.push(`    (local.set $av (v128.load32_splat align=4 (local.get $a${r})))`);
    for (let q = 0; q < vecs; q++) L.push(`    (local.set ${acc(r, q)} ${madd(v, '(local.get $av)', `(local.get $b${q})`, `(local.get ${acc(r, q)})`)})`);
    L.push(`    (local.set $a${r} (i32.add (local.get $a${r}) (local.get $sAp)))`);
  }
  L.push('    (local.set $b (i32.add (local.get $b) (local.get $sBp)))');
  L.push('    (local.set $k (i32.sub (local.get $k) (i32.const 1)))');
  L.push('    (br_if $p (local.get $k)))))');
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < vecs; q++) L.push(`  (v128.store offset=${16 * q} align=4 (local.get $c) (local.get ${acc(r, q)}))`);
    if (r + 1 < rows) L.push('  (local.set $c (i32.add (local.get $c) (local.get $sCi)))');
  }
  L.push(')');
  return L.join('\n');
}

/** One entry of C (the last n mod 4 columns). */
const scalarEntry = `(func $entry (param $a i32) (param $sAp i32) (param $b i32) (param $sBp i32) (param $c i32) (param $k i32)
  (local $s f32)
  (if (i32.gt_s (local.get $k) (i32.const 0)) (then (loop $p
    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load align=4 (local.get $a)) (f32.load align=4 (local.get $b)))))
    (local.set $a (i32.add (local.get $a) (local.get $sAp)))
    (local.set $b (i32.add (local.get $b) (local.get $sBp)))
    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
    (br_if $p (local.get $k)))))
  (f32.store align=4 (local.get $c) (local.get $s)))`;

/** Columns [j0, j0 + 4 vecs) of every row: 4-row tiles, then 1-row tiles for the last m mod 4 rows. */
function columnBlock(vecs: number): string {
  const tile = (rows: number) => `(call $tile_${rows}x${vecs * 4} (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sAi))) (local.get $sAi) (local.get $sAp)
          (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $sBp)
          (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $sCi))) (i32.shl (local.get $j) (i32.const 2))) (local.get $sCi) (local.get $k))`;
  return `(local.set $i (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        ${tile(4)}
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
      (block $restDone (loop $rest
        (br_if $restDone (i32.ge_s (local.get $i) (local.get $m)))
        ${tile(1)}
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest)))`;
}

const gemm = `(func (export "gemm") (param $a i32) (param $sAi i32) (param $sAp i32) (param $b i32) (param $sBp i32) (param $c i32) (param $sCi i32) (param $m i32) (param $k i32) (param $n i32)
  (local $i i32) (local $j i32)
  (block $wideDone (loop $wide
    (br_if $wideDone (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
    ${columnBlock(2)}
    (local.set $j (i32.add (local.get $j) (i32.const 8)))
    (br $wide)))
  (if (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)) (then
    ${columnBlock(1)}
    (local.set $j (i32.add (local.get $j) (i32.const 4)))))
  (block $colsDone (loop $cols
    (br_if $colsDone (i32.ge_s (local.get $j) (local.get $n)))
    (local.set $i (i32.const 0))
    (block $entriesDone (loop $entries
      (br_if $entriesDone (i32.ge_s (local.get $i) (local.get $m)))
      (call $entry (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sAi))) (local.get $sAp)
        (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $sBp)
        (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $sCi))) (i32.shl (local.get $j) (i32.const 2))) (local.get $k))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $entries)))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (br $cols))))`;

/** dst [cols, rows] = src [rows, cols] transposed, in blocks of 8 x 8 so both sides stay in cache. */
const transpose = `(func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
  (local $r0 i32) (local $c0 i32) (local $r i32) (local $c i32) (local $rEnd i32) (local $cEnd i32)
  (block $rbDone (loop $rb
    (br_if $rbDone (i32.ge_s (local.get $r0) (local.get $rows)))
    (local.set $rEnd (select (i32.add (local.get $r0) (i32.const 8)) (local.get $rows) (i32.lt_s (i32.add (local.get $r0) (i32.const 8)) (local.get $rows))))
    (local.set $c0 (i32.const 0))
    (block $cbDone (loop $cb
      (br_if $cbDone (i32.ge_s (local.get $c0) (local.get $cols)))
      (local.set $cEnd (select (i32.add (local.get $c0) (i32.const 8)) (local.get $cols) (i32.lt_s (i32.add (local.get $c0) (i32.const 8)) (local.get $cols))))
      (local.set $r (local.get $r0))
      (block $rDone (loop $rl
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rEnd)))
        (local.set $c (local.get $c0))
        (block $cDone (loop $cl
          (br_if $cDone (i32.ge_s (local.get $c) (local.get $cEnd)))
          (f32.store align=4 (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
            (f32.load align=4 (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cl)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl)))
      (local.set $c0 (i32.add (local.get $c0) (i32.const 8)))
      (br $cb)))
    (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
    (br $rb))))`;

/*
 * One Adam step of n values, each operation a float32 one in tfjs's own order (AdamOptimizer.
 * applyGradients, tfjs-core 4.22), so the result is the one tfjs's fourteen kernels give:
 *   m' = m b1 + g c1;  v' = v b2 + (g g) c2;  w' = ((m' / o1) / (sqrt(v' / o2) + eps)) nlr + w
 * with c1 = 1 - b1, c2 = 1 - b2, o1 = 1 - b1^t, o2 = 1 - b2^t, nlr = -lr, all rounded to float32 by
 * the caller. No fused multiply-adds here, on purpose.
 */
const adamOps = (x: (name: string) => string, mul: string, add: string, div: string, sqrt: string) => ({
  m: `(${add} (${mul} ${x('m')} ${x('b1')}) (${mul} ${x('g')} ${x('c1')}))`,
  v: `(${add} (${mul} ${x('v')} ${x('b2')}) (${mul} (${mul} ${x('g')} ${x('g')}) ${x('c2')}))`,
  w: `(${add} (${mul} (${div} (${div} ${x('m1')} ${x('o1')}) (${add} (${sqrt} (${div} ${x('v1')} ${x('o2')})) ${x('eps')})) ${x('nlr')}) ${x('w')})`,
});

/** The four lanes at a time (`vec`) or the one-at-a-time tail: the same step, other types. */
const ADAM_LANES = {
  vec: { prefix: 'V', scalar: (x: string) => `S${x}`, type: 'v128', load: 'v128.load', store: 'v128.store', ops: ['f32x4.mul', 'f32x4.add', 'f32x4.div', 'f32x4.sqrt'], lanes: 4 },
  tail: { prefix: 's', scalar: (x: string) => x, type: 'f32', load: 'f32.load', store: 'f32.store', ops: ['f32.mul', 'f32.add', 'f32.div', 'f32.sqrt'], lanes: 1 },
} as const;

const ADAM_ARRAYS = ['g', 'm', 'v', 'w', 'm1', 'v1'];

function adamLoop(kind: keyof typeof ADAM_LANES): string {
  const k = ADAM_LANES[kind];
  const [mul, add, div, sqrt] = k.ops;
  const f = adamOps((n) => `(local.get $${ADAM_ARRAYS.includes(n) ? `${k.prefix}${n}` : k.scalar(n)})`, mul, add, div, sqrt);
  const bytes = 4 * k.lanes;
  const stop = k.lanes === 1 ? '(i32.ge_s (local.get $i) (local.get $n))' : `(i32.gt_s (i32.add (local.get $i) (i32.const ${k.lanes})) (local.get $n))`;
  return `(block $${kind}Done (loop $${kind}
    (br_if $${kind}Done ${stop})
    ${['g', 'm', 'v', 'w'].map((a) => `(local.set $${k.prefix}${a} (${k.load} align=4 (local.get $${a})))`).join('\n    ')}
    (local.set $${k.prefix}m1 ${f.m})
    (local.set $${k.prefix}v1 ${f.v})
    (${k.store} align=4 (local.get $om) (local.get $${k.prefix}m1))
    (${k.store} align=4 (local.get $ov) (local.get $${k.prefix}v1))
    (${k.store} align=4 (local.get $ow) ${f.w})
    ${['g', 'm', 'v', 'w', 'om', 'ov', 'ow'].map((p) => `(local.set $${p} (i32.add (local.get $${p}) (i32.const ${bytes})))`).join('\n    ')}
    (local.set $i (i32.add (local.get $i) (i32.const ${k.lanes})))
    (br $${kind})))`;
}

const adam = (() => {
  const scalars = ['b1', 'c1', 'b2', 'c2', 'o1', 'o2', 'eps', 'nlr'];
  const locals = (kind: keyof typeof ADAM_LANES) => ADAM_ARRAYS.map((a) => `(local $${ADAM_LANES[kind].prefix}${a} ${ADAM_LANES[kind].type})`).join(' ');
  return `(func (export "adam") (param $g i32) (param $m i32) (param $v i32) (param $w i32) (param $om i32) (param $ov i32) (param $ow i32) (param $n i32)
  ${scalars.map((x) => `(param $${x} f32)`).join(' ')}
  (local $i i32) ${scalars.map((x) => `(local $S${x} v128)`).join(' ')}
  ${locals('vec')}
  ${locals('tail')}
  ${scalars.map((x) => `(local.set $S${x} (f32x4.splat (local.get $${x})))`).join('\n  ')}
  ${adamLoop('vec')}
  ${adamLoop('tail')})`;
})();

/*
 * ReLU's gradient dy * step(x), step(x) = 1 where x > 0, 0 elsewhere and NaN where x is NaN: the
 * product tfjs's own gradient forms from three kernels (Step, Cast, Multiply), in one pass.
 */
const reluGrad = `(func (export "reluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
  (local $i i32) (local $xv v128) (local $step v128) (local $xs f32)
  (block $vecDone (loop $vec
    (br_if $vecDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
    (local.set $xv (v128.load align=4 (local.get $x)))
    (local.set $step (v128.bitselect (v128.const f32x4 1 1 1 1) (v128.const f32x4 0 0 0 0) (f32x4.gt (local.get $xv) (v128.const f32x4 0 0 0 0))))
    (local.set $step (v128.bitselect (local.get $xv) (local.get $step) (f32x4.ne (local.get $xv) (local.get $xv))))
    (v128.store align=4 (local.get $out) (f32x4.mul (v128.load align=4 (local.get $dy)) (local.get $step)))
    (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
    (local.set $x (i32.add (local.get $x) (i32.const 16)))
    (local.set $out (i32.add (local.get $out) (i32.const 16)))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $vec)))
  (block $tailDone (loop $tail
    (br_if $tailDone (i32.ge_s (local.get $i) (local.get $n)))
    (local.set $xs (f32.load align=4 (local.get $x)))
    (f32.store align=4 (local.get $out) (f32.mul (f32.load align=4 (local.get $dy))
      (select (local.get $xs) (select (f32.const 1) (f32.const 0) (f32.gt (local.get $xs) (f32.const 0))) (f32.ne (local.get $xs) (local.get $xs)))))
    (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
    (local.set $x (i32.add (local.get $x) (i32.const 4)))
    (local.set $out (i32.add (local.get $out) (i32.const 4)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $tail))))`;

/** The whole module, with or without fused multiply-adds. */
export function gemmWat(fma: boolean): string {
  const v = { fma };
  return [
    '(module',
    '(import "env" "memory" (memory 1))',
    vectorTile(v, 4, 2),
    vectorTile(v, 1, 2),
    vectorTile(v, 4, 1),
    vectorTile(v, 1, 1),
    scalarEntry,
    gemm,
    transpose,
    adam,
    reluGrad,
    ')',
  ].join('\n');
}
