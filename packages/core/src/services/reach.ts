/**
 * How many people live near an office offering a service: CONNECT.POST's "population within 5 km
 * of a post office offering e-government". Each person counts once however many offices are near
 * (the union of the discs, not the sum of each office's ring), so the share is of the country's
 * people and can be compared between countries and over time.
 *
 *     populationWithinReach({ rasters: [worldpop] }, egovOffices, 5_000);   // { reached, total }
 *
 * A raster pixel counts whole when its centre is within the distance: at 5 km from 1 km or finer
 * pixels the edge error is a few per cent at most and averages out over a country. Where rasters
 * overlap, the finest one counts there; points count where no raster does.
 */
import { rasterContains, type PointColumns, type PopulationInput } from '../analysis/population.js';
import { SphereIndex } from '../spatial/sphere-index.js';

export const INDICATOR_PARAMETERS = {
  /** The distance of the e-government indicator (UPU CONNECT.POST monitoring). */
  egovReachM: 5_000,
};

export function populationWithinReach(population: PopulationInput, offices: PointColumns, radiusM: number): { reached: number; total: number } {
  const index = new SphereIndex(offices.lon, offices.lat);
  const near = (lon: number, lat: number) => index.size > 0 && index.nearest(lon, lat, radiusM) >= 0;
  const rasters = [...population.rasters].sort((a, b) => a.dx * a.dy - b.dx * b.dy);
  let reached = 0;
  let total = 0;
  rasters.forEach((r, k) => {
    const finer = rasters.slice(0, k);
    for (let row = 0; row < r.height; row++) {
      const lat = r.north - (row + 0.5) * r.dy;
      for (let col = 0; col < r.width; col++) {
        const people = r.values[row * r.width + col]!;
        if (!(people > 0)) continue;
        const lon = r.west + (col + 0.5) * r.dx;
        if (finer.some((f) => rasterContains(f, lon, lat))) continue;
        total += people;
        if (near(lon, lat)) reached += people;
      }
    }
  });
  const p = population.points;
  if (p) {
    for (let i = 0; i < p.lon.length; i++) {
      const people = p.population[i]!;
      if (!(people > 0) || rasters.some((r) => rasterContains(r, p.lon[i]!, p.lat[i]!))) continue;
      total += people;
      if (near(p.lon[i]!, p.lat[i]!)) reached += people;
    }
  }
  return { reached, total };
}
