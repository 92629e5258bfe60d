/**
 * Assembles the dense-product kernels (src-main/engine/wasm-kernels/wat.ts) with wabt and writes
 * them, base64, into src-main/engine/wasm-kernels/module.generated.ts, so the bundled trainer needs no
 * assembler and no file beside it. Run after changing wat.ts: `npx tsx scripts/build-wasm-kernels.ts`
 * (tests/engine/wasm-kernels.test.ts fails while the two disagree).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { assembleGemm, generatedModuleText } from '../src-main/engine/wasm-kernels/assemble';

async function main(): Promise<void> {
  const target = path.join(__dirname, '..', 'src-main', 'engine', 'wasm-kernels', 'module.generated.ts');
  writeFileSync(target, generatedModuleText(await assembleGemm(true), await assembleGemm(false)));
  console.log(`wrote ${target}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
