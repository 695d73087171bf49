import { haversineM } from '../geo/distance.js';
import { fold } from './values.js';

/**
 * Finds probable duplicate sites as they arrive: same type, within `radiusM`, similar names.
 * Points go into a hash grid whose cells are at least `radiusM` wide at every latitude of their
 * row, so a query looks at 3×3 cells; it grows one point at a time, which a static index cannot.
 */
export class DuplicateDetector {
  private readonly cellLat: number;
  private readonly cells = new Map<string, number[]>();
  private readonly lat: number[] = [];
  private readonly lon: number[] = [];
  private readonly kind: string[] = [];
  private readonly bigrams: (Map<string, number> | null)[] = [];
  private readonly gramCount: number[] = [];

  constructor(
    readonly radiusM: number,
    readonly minSimilarity: number,
  ) {
    this.cellLat = (radiusM / 111_195) * 1.0001;
  }

  get size(): number {
    return this.lat.length;
  }

  /** Adds a site; returns its id (the order of addition). */
  add(lat: number, lon: number, kind: string, name: string | null): number {
    const id = this.lat.length;
    this.lat.push(lat);
    this.lon.push(lon);
    this.kind.push(kind);
    const grams = name ? bigrams(name) : null;
    this.bigrams.push(grams);
    this.gramCount.push(grams ? count(grams) : 0);
    const row = this.row(lat);
    const key = `${row}:${this.col(row, lon)}`;
    const cell = this.cells.get(key);
    if (cell) cell.push(id);
    else this.cells.set(key, [id]);
    return id;
  }

  /** The nearest earlier site of the same kind within the radius whose name is similar, or null. Unnamed sites never match. */
  find(lat: number, lon: number, kind: string, name: string | null): { id: number; distanceM: number } | null {
    if (!name) return null;
    const grams = bigrams(name);
    const n = count(grams);
    let best: { id: number; distanceM: number } | null = null;
    const row = this.row(lat);
    for (let r = row - 1; r <= row + 1; r++) {
      const col = this.col(r, lon);
      const cols = this.colCount(r);
      for (let dc = -1; dc <= 1; dc++) {
        const ids = this.cells.get(`${r}:${(((col + dc) % cols) + cols) % cols}`);
        if (!ids) continue;
        for (const id of ids) {
          if (this.kind[id] !== kind) continue;
          const other = this.bigrams[id];
          if (!other) continue;
          // Dice can be at most 2·min/(sum) of the two bigram counts: most names are ruled out by length alone.
          const m = this.gramCount[id]!;
          if ((2 * Math.min(n, m)) / (n + m) < this.minSimilarity) continue;
          const d = haversineM(lat, lon, this.lat[id]!, this.lon[id]!);
          if (d > this.radiusM || (best && d >= best.distanceM)) continue;
          if (dice(grams, other) >= this.minSimilarity) best = { id, distanceM: d };
        }
      }
    }
    return best;
  }

  private row(lat: number): number {
    return Math.floor((lat + 90) / this.cellLat);
  }

  // Columns wrap around the antimeridian: a row has a whole number of them.
  private colCount(row: number): number {
    const edge = Math.max(Math.abs(row * this.cellLat - 90), Math.abs((row + 1) * this.cellLat - 90));
    const cos = Math.cos((Math.min(edge, 90) * Math.PI) / 180);
    return Math.max(1, Math.floor((360 * cos) / this.cellLat));
  }

  private col(row: number, lon: number): number {
    const cols = this.colCount(row);
    return Math.min(cols - 1, Math.floor(((lon + 180) / 360) * cols));
  }
}

function bigrams(name: string): Map<string, number> {
  const s = ` ${fold(name)} `;
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function count(grams: Map<string, number>): number {
  let n = 0;
  for (const c of grams.values()) n += c;
  return n;
}

/** Sørensen–Dice coefficient of two bigram multisets: 1 for the same name, 0 for nothing in common. */
export function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [g, n] of a) {
    shared += Math.min(n, b.get(g) ?? 0);
    total += n;
  }
  for (const n of b.values()) total += n;
  return total === 0 ? 1 : (2 * shared) / total;
}

export function nameSimilarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}
