import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { makeTempDir, type TempDir } from './temp-dir.js';
import { requireCommand } from './tools.js';

const exec = promisify(execFile);

/**
 * A private X server (Xvfb) for windows a test opens. Its screen is also a file (`-fbdir`, XWD format), read here
 * into a PNG: the screenshot shows what a user would see on that display.
 */
export class VirtualDisplay {
  private constructor(private readonly xvfb: ChildProcess, private readonly dir: TempDir, readonly display: string) {}

  static async start(width = 1280, height = 840): Promise<VirtualDisplay> {
    const binary = requireCommand('Xvfb', 'xvfb');
    const dir = await makeTempDir('tl-xvfb');
    // -displayfd: Xvfb picks a free display number and writes it to fd 3 when it accepts connections.
    const xvfb = spawn(binary, ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-fbdir', dir.path, '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const display = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('Xvfb did not start within 15 s')), 15_000);
      (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(`:${out.trim()}`);
        }
      });
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    });
    return new VirtualDisplay(xvfb, dir, display);
  }

  /**
   * Titles of the top-level windows on the display (xwininfo). A window that goes away while xwininfo walks the tree
   * (Chromium opens and closes some as it starts) fails the walk with BadWindow or BadDrawable: it is walked again.
   */
  async windowTitles(): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { stdout } = await exec(requireCommand('xwininfo', 'x11-utils'), ['-root', '-tree', '-display', this.display]);
        return [...stdout.matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gm)].map((m) => m[1]!);
      } catch (error) {
        if (attempt >= 10 || !/Bad (Window|Drawable)/.test(String((error as { stderr?: string }).stderr))) throw error;
      }
    }
  }

  /** The screen as pixels (RGB), from Xvfb's XWD frame buffer file. */
  async capture(): Promise<PNG> {
    const xwd = await readFile(join(this.dir.path, 'Xvfb_screen0'));
    const field = (index: number): number => xwd.readUInt32BE(index * 4);
    const [headerSize, width, height, bitsPerPixel, bytesPerLine, colors] = [field(0), field(4), field(5), field(11), field(12), field(19)];
    if (field(1) !== 7 || bitsPerPixel !== 32) throw new Error(`unexpected XWD frame buffer (version ${field(1)}, ${bitsPerPixel} bpp)`);
    const pixels = headerSize + colors * 12;
    const png = new PNG({ width, height });
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const value = xwd.readUInt32LE(pixels + y * bytesPerLine + x * 4);
        const at = (y * width + x) * 4;
        png.data[at] = (value >> 16) & 0xff;
        png.data[at + 1] = (value >> 8) & 0xff;
        png.data[at + 2] = value & 0xff;
        png.data[at + 3] = 0xff;
      }
    }
    return png;
  }

  async screenshot(path: string): Promise<PNG> {
    const png = await this.capture();
    await writeFile(path, PNG.sync.write(png));
    return png;
  }

  async stop(): Promise<void> {
    if (this.xvfb.exitCode === null && this.xvfb.signalCode === null) {
      const exited = new Promise((resolve) => this.xvfb.once('exit', resolve));
      this.xvfb.kill('SIGTERM');
      await exited;
    }
    await this.dir.remove();
  }
}
