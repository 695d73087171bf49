import type { PopulationRaster } from './domain.js';
import { EARTH_RADIUS_M } from './geo/distance.js';

/**
 * Population density as a map tile: a Web Mercator tile's pixels coloured by people per km², read
 * from population rasters (people per pixel). Where a tile pixel covers many raster pixels it shows
 * their mean density (the people over the area that has data), so zooming out does not flicker;
 * where it is smaller than a raster pixel it shows that pixel. Where rasters overlap, the finest
 * one with data under the pixel wins, as in the analysis.
 *
 *     const rgba = populationTile(rasters, 6, 31, 24);   // 256 × 256 × 4 bytes, or null when empty
 */

/**
 * The density classes, people per km², on a log scale (each about 5 times the last), coloured by
 * ColorBrewer's YlOrRd (sequential, readable by colour-blind readers, light = few). No people,
 * or no data, is transparent.
 */
export const DENSITY_CLASSES: readonly { fromPerKm2: number; colour: string }[] = [
  { fromPerKm2: 0, colour: '#ffffb2' }, // more than 0, fewer than 10
  { fromPerKm2: 10, colour: '#fed976' },
  { fromPerKm2: 50, colour: '#feb24c' },
  { fromPerKm2: 250, colour: '#fd8d3c' },
  { fromPerKm2: 1_000, colour: '#f03b20' },
  { fromPerKm2: 5_000, colour: '#bd0026' },
];

/** The class of a density (index into DENSITY_CLASSES), or -1 for nobody. */
export function densityClass(perKm2: number): number {
  if (!(perKm2 > 0)) return -1;
  let k = 0;
  while (k + 1 < DENSITY_CLASSES.length && perKm2 >= DENSITY_CLASSES[k + 1]!.fromPerKm2) k++;
  return k;
}

const RGB = DENSITY_CLASSES.map(({ colour }) => [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)));

const RAD = Math.PI / 180;
const lonAt = (worldX: number) => worldX * 360 - 180;
const latAt = (worldY: number) => Math.atan(Math.sinh(Math.PI * (1 - 2 * worldY))) / RAD;

/**
 * Which raster cells [from, to) a tile pixel between `a` and `b` (in the raster's cell units,
 * fractional) covers: the cells whose centres fall inside it, or the one cell under its centre
 * when it is smaller than a cell. Clamped to [0, n); empty when outside.
 */
function cellRange(a: number, b: number, n: number): [number, number] {
  let from = Math.round(a);
  let to = Math.round(b);
  if (to <= from) {
    from = Math.floor((a + b) / 2);
    to = from + 1;
  }
  return [Math.max(from, 0), Math.min(to, n)];
}

/**
 * The RGBA pixels (row by row from the north-west, alpha 255 where people live, 0 elsewhere) of
 * tile z/x/y, `size` pixels square; null when no pixel has people, so empty tiles cost nothing.
 */
export function populationTile(rasters: readonly PopulationRaster[], z: number, x: number, y: number, size = 256): Uint8Array | null {
  const n = 2 ** z;
  if (!Number.isInteger(z) || z < 0 || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new Error(`tile ${z}/${x}/${y} does not exist`);
  }
  const scale = n * size;
  const west = lonAt(x / n);
  const east = lonAt((x + 1) / n);
  const north = latAt(y / n);
  const south = latAt((y + 1) / n);
  const finestFirst = rasters
    .filter((r) => r.west < east && r.west + r.width * r.dx > west && r.north > south && r.north - r.height * r.dy < north)
    .sort((a, b) => a.dx * a.dy - b.dx * b.dy);
  if (finestFirst.length === 0) return null;

  // Each raster's cell ranges under each tile column and row, computed once per tile.
  const cols = finestFirst.map((r) => Array.from({ length: size }, (_, px) =>
    cellRange((lonAt((x * size + px) / scale) - r.west) / r.dx, (lonAt((x * size + px + 1) / scale) - r.west) / r.dx, r.width)));
  const rgba = new Uint8Array(size * size * 4);
  let drawn = false;
  for (let py = 0; py < size; py++) {
    const latN = latAt((y * size + py) / scale);
    const latS = latAt((y * size + py + 1) / scale);
    // A raster cell's area at this latitude, m²: cells are degrees, narrower towards the poles.
    const cosLat = Math.cos(((latN + latS) / 2) * RAD);
    const rows = finestFirst.map((r) => cellRange((r.north - latN) / r.dy, (r.north - latS) / r.dy, r.height));
    for (let px = 0; px < size; px++) {
      let perKm2 = 0;
      for (let k = 0; k < finestFirst.length; k++) {
        const r = finestFirst[k]!;
        const [r0, r1] = rows[k]!;
        const [c0, c1] = cols[k]![px]!;
        let people = 0;
        let cells = 0;
        for (let row = r0; row < r1; row++) {
          for (let i = row * r.width + c0, end = row * r.width + c1; i < end; i++) {
            const v = r.values[i]!;
            // NaN (no data) and negative fill values are not land with people on it.
            if (v >= 0) {
              people += v;
              cells++;
            }
          }
        }
        if (cells > 0) {
          const cellM2 = r.dx * RAD * EARTH_RADIUS_M * r.dy * RAD * EARTH_RADIUS_M * cosLat;
          perKm2 = (people / (cells * cellM2)) * 1e6;
          break;
        }
      }
      const k = densityClass(perKm2);
      if (k < 0) continue;
      const o = (py * size + px) * 4;
      const [red, green, blue] = RGB[k]!;
      rgba[o] = red!;
      rgba[o + 1] = green!;
      rgba[o + 2] = blue!;
      rgba[o + 3] = 255;
      drawn = true;
    }
  }
  return drawn ? rgba : null;
}
