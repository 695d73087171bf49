/**
 * GeoTIFF readers: population (WorldPop, GHSL) and elevation (SRTM, Copernicus DEM) grids.
 * Only north-up EPSG:4326 grids are accepted: the registry does no raster reprojection, and
 * a silently misplaced population grid would corrupt every coverage statistic built on it.
 */
import { fromFile } from 'geotiff';
import type { GeoTIFFImage } from 'geotiff';
import type { PopulationRaster } from '@postatlas/core';

const REPROJECT_HINT = 'reproject to EPSG:4326 first, e.g. gdalwarp -t_srs EPSG:4326 in.tif out.tif';

export function readPopulationRaster(path: string): Promise<PopulationRaster & { nodata: number | null; epsg: number }> {
  // Negative people are fill values that some producers write without declaring them nodata.
  return readGrid(path, true);
}

/** Metres above sea level; below sea level stays (the Dead Sea, polders). */
export function readElevationModel(path: string): Promise<PopulationRaster & { nodata: number | null; epsg: number }> {
  return readGrid(path, false);
}

async function readGrid(path: string, negativeIsNoData: boolean): Promise<PopulationRaster & { nodata: number | null; epsg: number }> {
  let tiff;
  try {
    tiff = await fromFile(path);
  } catch (e) {
    throw new Error(`${path}: not a readable GeoTIFF (${(e as Error).message})`);
  }
  try {
    const image = await tiff.getImage();
    const epsg = requireWgs84(path, image);
    const grid = northUpGrid(path, image);
    const nodata = gdalNoData(image);
    const [band] = await image.readRasters({ samples: [0] });
    if (!band) throw new Error(`${path}: no raster data`);
    // Compare nodata in the band's own precision: a float32 band stores Math.fround(nodata).
    const sentinel = nodata === null ? null : band instanceof Float32Array ? Math.fround(nodata) : nodata;
    const values = new Float32Array(band.length);
    for (let i = 0; i < band.length; i++) {
      const v = band[i]!;
      values[i] = v === sentinel || (negativeIsNoData && v < 0) ? NaN : v;
    }
    return { ...grid, width: image.getWidth(), height: image.getHeight(), values, nodata, epsg };
  } finally {
    await tiff.close();
  }
}

function requireWgs84(path: string, image: GeoTIFFImage): number {
  const keys = image.getGeoKeys();
  if (!keys) throw new Error(`${path}: no GeoTIFF georeferencing (GeoKeyDirectory missing); ${REPROJECT_HINT}`);
  const model = keys.GTModelTypeGeoKey as number | undefined;
  const projected = keys.ProjectedCSTypeGeoKey as number | undefined;
  if (model === 1 || projected !== undefined) {
    throw new Error(`${path}: CRS is projected (EPSG:${projected ?? 'user-defined'}), not EPSG:4326; ${REPROJECT_HINT}`);
  }
  const geographic = keys.GeographicTypeGeoKey as number | undefined;
  if (geographic === 4326) return 4326;
  // A geographic model with no EPSG code (absent or 32767 = user-defined) is read as WGS 84
  // unless it names another datum: that is how GDAL writes lon/lat grids it cannot code.
  const datum = keys.GeogGeodeticDatumGeoKey as number | undefined;
  if (model === 2 && (geographic === undefined || geographic === 32767) && (datum === undefined || datum === 6326)) return 4326;
  const crs = geographic !== undefined && geographic !== 32767 ? `EPSG:${geographic}` : `model type ${String(model)}, datum ${String(datum)}`;
  throw new Error(`${path}: CRS is ${crs}, not EPSG:4326; ${REPROJECT_HINT}`);
}

/** Outer edges and pixel size; a pixel-is-point tie point sits on the pixel centre, half a pixel inside. */
function northUpGrid(path: string, image: GeoTIFFImage): Pick<PopulationRaster, 'west' | 'north' | 'dx' | 'dy'> {
  const fd = image.getFileDirectory();
  const scale = fd.getValue('ModelPixelScale') as ArrayLike<number> | undefined;
  const tie = fd.getValue('ModelTiepoint') as ArrayLike<number> | undefined;
  const matrix = fd.getValue('ModelTransformation') as ArrayLike<number> | undefined;
  let west: number, north: number, dx: number, dy: number;
  if (scale && tie && tie.length >= 6) {
    [dx, dy] = [scale[0]!, scale[1]!];
    west = tie[3]! - tie[0]! * dx;
    north = tie[4]! + tie[1]! * dy;
  } else if (matrix && matrix[1] === 0 && matrix[4] === 0) {
    [dx, dy, west, north] = [matrix[0]!, -matrix[5]!, matrix[3]!, matrix[7]!];
  } else {
    throw new Error(`${path}: not a north-up grid (no pixel scale + tie point, or a rotated transformation); ${REPROJECT_HINT}`);
  }
  if (!(dx > 0 && dy > 0)) throw new Error(`${path}: not a north-up grid (pixel size ${dx} × ${-dy}); ${REPROJECT_HINT}`);
  if (image.getGeoKeys()?.GTRasterTypeGeoKey === 2) {
    west -= dx / 2;
    north += dy / 2;
  }
  return { west, north, dx, dy };
}

function gdalNoData(image: GeoTIFFImage): number | null {
  const fd = image.getFileDirectory();
  if (!fd.hasTag('GDAL_NODATA')) return null;
  // An ASCII tag: keep the text up to its NUL terminator.
  const text = String(fd.getValue('GDAL_NODATA')).replace(/\0.*$/s, '').trim();
  if (text === '') return null;
  return /^[+-]?nan$/i.test(text) ? NaN : Number(text);
}
