// Makes a fake-camera video for Chromium from a QR PNG (`onecode code qr
// --png`): a 640x480 C420jpeg Y4M (YUV4MPEG2) whose Y plane holds the image,
// centred on white, with grey chroma (U = V = 128). Reads greyscale PNGs
// (colour type 0, bit depth 1 or 8, no interlace) with node's zlib; every
// scanline filter is undone.
//   node png_to_y4m.mjs IN.png OUT.y4m [FRAMES]
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const W = 640, H = 480;

export function decodeGreyPng(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => { if (buf[i] !== b) throw new Error('not a PNG file'); });
  let pos = 8, width = 0, height = 0, depth = 0, type = -1, interlace = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const kind = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; type = data[9]; interlace = data[12];
    } else if (kind === 'IDAT') {
      idat.push(data);
    } else if (kind === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  if (type !== 0 || (depth !== 1 && depth !== 8) || interlace !== 0) {
    throw new Error(`unsupported PNG: colour type ${type}, bit depth ${depth}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil((width * depth) / 8);
  const bpp = 1;  // filter unit for greyscale <= 8 bits
  const rows = [];
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const off = y * (stride + 1);
    const filter = raw[off];
    const line = Uint8Array.from(raw.subarray(off + 1, off + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error('bad PNG filter ' + filter);
      line[i] = (line[i] + add) & 0xff;
    }
    rows.push(line);
    prev = line;
  }
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      grey[y * width + x] = depth === 8 ? rows[y][x] : ((rows[y][x >> 3] >> (7 - (x & 7))) & 1) * 255;
    }
  }
  return { width, height, grey };
}

export function y4mFromGrey({ width, height, grey }, frames) {
  if (width > W || height > H) throw new Error(`image ${width}x${height} does not fit ${W}x${H}`);
  const y = new Uint8Array(W * H).fill(235);  // white-ish background (video range)
  const ox = (W - width) >> 1, oy = (H - height) >> 1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) y[(oy + r) * W + ox + c] = grey[r * width + c] > 127 ? 235 : 16;
  }
  const chroma = new Uint8Array((W / 2) * (H / 2) * 2).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F30:1 Ip A1:1 C420jpeg\n`, 'latin1');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'latin1'), y, chroma]);
  return Buffer.concat([header, ...Array(frames).fill(frame)]);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [, , input, output, frames = '10'] = process.argv;
  if (!input || !output) {
    console.error('usage: node png_to_y4m.mjs IN.png OUT.y4m [FRAMES]');
    process.exit(2);
  }
  writeFileSync(output, y4mFromGrey(decodeGreyPng(readFileSync(input)), Number(frames)));
}
