/**
 * A small CNN for images: 3 x 3 convolutions with ReLU, 2 x 2 max pooling after all but the last,
 * and a linear head on the flattened last feature map giving class logits (global average pooling
 * learned far more slowly on turned digits). Convolutions run as im2col +
 * matMul (image/conv.ts) so they train on wasm too.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { conv2dSame } from '../image/conv';
import { maxPool2x2 } from '../image/pool';
import type { Inputs } from '../layouts';
import { applyDense, createDense, type Dense } from './dense';
import type { BaseModel } from './model';
import { variableFrom } from '../ops';
import { relu } from '../wasm-kernels/relu-grad';

export interface CnnShape {
  height: number;
  width: number;
  channels: number;
  /** Output channels of each convolution, e.g. [16, 32, 32]. */
  widths: number[];
  outDim: number;
  /** Pixel standardisation from the training images (one mean and spread for all pixels). */
  pixelMean: number;
  pixelStd: number;
}

interface ConvLayer {
  filter: tf.Variable; // [3, 3, in, out]
  bias: tf.Variable; // [out]
}

const SIZE = 3;
/**
 * Images per forward pass: im2col holds 9 x channels values per pixel, so a large evaluation
 * batch (thousands of images) would need GiBs on the wasm heap; larger inputs run in chunks.
 */
const IMAGES_PER_PASS = 256;
let cnnCounter = 0;

function createConv(cin: number, cout: number, rng: Rng, name: string): ConvLayer {
  const limit = Math.sqrt(6 / (SIZE * SIZE * cin));
  const w = new Float32Array(SIZE * SIZE * cin * cout);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  return {
    filter: variableFrom(w, [SIZE, SIZE, cin, cout], true, `${name}/filter`),
    bias: variableFrom(new Float32Array(cout), [cout], true, `${name}/bias`),
  };
}

/** Values the head reads: the last feature map, flattened, after the poolings. */
function featureCount(shape: CnnShape): number {
  let [h, w] = [shape.height, shape.width];
  for (let i = 0; i + 1 < shape.widths.length; i++) {
    if (h >= 2 && w >= 2) [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
  }
  return h * w * shape.widths[shape.widths.length - 1]!;
}

export class CnnModel implements BaseModel {
  readonly kind = 'cnn';
  readonly variables: tf.Variable[];
  private readonly convs: ConvLayer[];
  private readonly head: Dense;
  private readonly shape: CnnShape;

  constructor(shape: CnnShape, rng: Rng) {
    if (shape.widths.length === 0) throw new Error('the CNN needs at least one convolution (model.channels)');
    this.shape = shape;
    const name = `cnn#${++cnnCounter}`;
    const dims = [shape.channels, ...shape.widths];
    this.convs = shape.widths.map((_, i) => createConv(dims[i]!, dims[i + 1]!, rng, `${name}/conv${i}`));
    this.head = createDense(featureCount(shape), shape.outDim, rng, `${name}/head`);
    this.variables = [...this.convs.flatMap((c) => [c.filter, c.bias]), this.head.w, this.head.b];
  }

  predict(x: Inputs): tf.Tensor2D {
    if (x.kind !== 'image') throw new Error(`the CNN takes the image layout; got ${x.kind}`);
    const m = x.images.shape[0];
    if (m <= IMAGES_PER_PASS) return this.logits(x.images);
    return tf.tidy(() => {
      const parts: tf.Tensor2D[] = [];
      for (let s = 0; s < m; s += IMAGES_PER_PASS) {
        const n = Math.min(IMAGES_PER_PASS, m - s);
        parts.push(this.logits(tf.slice(x.images, [s, 0, 0, 0], [n, -1, -1, -1])));
      }
      return tf.concat(parts, 0);
    });
  }

  /** images [m, H, W, C] -> logits [m, outDim]. */
  private logits(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = tf.div(tf.sub(images, this.shape.pixelMean), this.shape.pixelStd) as tf.Tensor4D;
      this.convs.forEach((conv, i) => {
        h = relu(conv2dSame(h, conv.filter as tf.Tensor4D, conv.bias as tf.Tensor1D));
        if (i < this.convs.length - 1 && h.shape[1] >= 2 && h.shape[2] >= 2) h = maxPool2x2(h);
      });
      return applyDense(this.head, tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D);
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
