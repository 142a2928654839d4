// Regenerates world_110m.tsv and points_50m.tsv from the npm package world-atlas (Natural Earth).
//
//   mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2.0.2 topojson-client@3.1.0 d3-geo@3.1.2
//   node crates/entente-warning/data/world/convert.mjs /tmp/wa/node_modules
//
// The argument is the node_modules directory holding the three packages. Same input, same bytes.
// See README.md beside this file.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.resolve(process.argv[2] ?? 'node_modules');
const resolve = createRequire(path.join(modules, '..', 'package.json')).resolve;
const load_module = async (name) => import(pathToFileURL(resolve(name)).href);
const { feature } = await load_module('topojson-client');
const { geoEquirectangular, geoStream, geoArea, geoCentroid } = await load_module('d3-geo');
const atlas = path.join(modules, 'world-atlas');

// Plain equirectangular projection: longitude -180..180 → x 0..960, latitude 90..-60 → y 0..400
// (8/3 units a degree). d3-geo cuts the rings that cross the antimeridian; no resampling.
const WIDTH = 960;
const HEIGHT = 400;
const projection = geoEquirectangular()
  .scale(WIDTH / (2 * Math.PI))
  .translate([WIDTH / 2, 90 * (WIDTH / 360)])
  .precision(0)
  .clipExtent([[0, 0], [WIDTH, HEIGHT]]);
// Coordinates are kept in tenths of a unit, as integers, so relative commands add up exactly.
const tenths = (v) => Math.round(v * 10);

// ISO 3166-1 numeric → alpha-3 and name, from the crate's own table (numeric,iso3,name; a name
// holding a comma is quoted).
const iso = new Map();
const csv = fs.readFileSync(path.join(here, '..', 'iso3166_numeric.csv'), 'utf8').split(/\r?\n/);
for (const line of csv.slice(1)) {
  const m = line.match(/^(\d{3}),([A-Z]{3}),(?:"((?:[^"]|"")*)"|([^,"]*))$/);
  if (!m) {
    if (line.trim() !== '') throw new Error(`iso3166_numeric.csv: cannot read '${line}'`);
    continue;
  }
  iso.set(m[1], { iso3: m[2], name: (m[3] ?? m[4]).replace(/""/g, '"') });
}

// Natural Earth features without an ISO numeric code.
const NO_ID = {
  'Kosovo': { iso3: 'XKX', name: 'Kosovo' },
  'N. Cyprus': { fold: 'CYP' },
  'Somaliland': { fold: 'SOM' },
};
// Dropped: Antarctica (the map stops at 60° S).
const DROP = new Set(['ATA']);

function load(file) {
  const topo = JSON.parse(fs.readFileSync(path.join(atlas, file), 'utf8'));
  return feature(topo, topo.objects.countries).features;
}

function identify(f, where) {
  if (f.id !== undefined) {
    const c = iso.get(f.id);
    if (!c) throw new Error(`${where}: numeric id ${f.id} (${f.properties.name}) not in iso3166_numeric.csv`);
    return c;
  }
  return NO_ID[f.properties.name] ?? null;
}

function polygons(geom) {
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  throw new Error(`unexpected geometry ${geom.type}`);
}

// Shapes from the 110m file: iso3 → { name, polys }.
const shapes = new Map();
const folds = [];
const skipped = [];
for (const f of load('countries-110m.json')) {
  const c = identify(f, 'countries-110m.json');
  if (!c) { skipped.push(f.properties.name); continue; }
  if (c.fold) { folds.push([c.fold, polygons(f.geometry)]); continue; }
  if (DROP.has(c.iso3)) continue;
  if (shapes.has(c.iso3)) throw new Error(`countries-110m.json: ${c.iso3} twice`);
  shapes.set(c.iso3, { name: c.name, polys: polygons(f.geometry) });
}
for (const [into, polys] of folds) {
  const s = shapes.get(into);
  if (!s) throw new Error(`cannot fold into missing ${into}`);
  s.polys = s.polys.concat(polys);
}

// Projected, clipped rings of a geometry, in tenths, consecutive duplicates and the closing
// point removed; rings that collapse below three points at this precision are dropped.
function rings(geometry) {
  const out = [];
  let ring = null;
  geoStream(geometry, projection.stream({
    polygonStart() {},
    polygonEnd() {},
    lineStart() { ring = []; },
    point(x, y) {
      const p = [tenths(x), tenths(y)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
    },
    lineEnd() {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
      if (ring.length >= 3) out.push(ring);
      ring = null;
    },
    sphere() { throw new Error('sphere'); },
  }));
  return out;
}

// A number in tenths: 12 → "1.2", -5 → "-.5", 30 → "3".
const num = (v) => {
  const a = Math.abs(v);
  const int = Math.floor(a / 10);
  const frac = a % 10;
  return (v < 0 ? '-' : '') + (frac === 0 ? String(int) : (int === 0 ? '' : String(int)) + '.' + frac);
};
// Joins numbers with the fewest separators: a minus sign separates by itself.
const join = (vals) => vals.reduce((acc, v, i) => acc + (i > 0 && !v.startsWith('-') ? ' ' : '') + v, '');

// An SVG path: M (first ring) or m (from the previous ring's start), l with relative steps, z.
function encode(rs) {
  let out = '';
  let prev = null;
  for (const r of rs) {
    const [x0, y0] = r[0];
    out += prev === null ? 'M' + join([num(x0), num(y0)]) : 'm' + join([num(x0 - prev[0]), num(y0 - prev[1])]);
    const steps = [];
    for (let i = 1; i < r.length; i++) steps.push(num(r[i][0] - r[i - 1][0]), num(r[i][1] - r[i - 1][1]));
    out += 'l' + join(steps) + 'z';
    prev = r[0]; // after z the current point is the ring's first point
  }
  return out;
}

// A point for a small state: the spherical centroid of its largest polygon (so that states
// spread over many islands, or across the antimeridian, get the centre of their main island).
function point(geometry) {
  let best = null;
  for (const coordinates of polygons(geometry)) {
    const poly = { type: 'Polygon', coordinates };
    const area = geoArea(poly);
    if (!best || area > best.area) best = { area, poly };
  }
  const [x, y] = projection(geoCentroid(best.poly));
  return [tenths(x), tenths(y)];
}

// Points: every ISO-coded feature of the 50m file (then of the 10m file) absent from the 110m one.
const points = new Map();
for (const file of ['countries-50m.json', 'countries-10m.json']) {
  for (const f of load(file)) {
    if (f.id === undefined) continue; // areas with no ISO code
    const c = identify(f, file);
    if (DROP.has(c.iso3) || shapes.has(c.iso3) || points.has(c.iso3)) continue;
    const [x, y] = point(f.geometry);
    points.set(c.iso3, { name: c.name, x, y, from: file });
  }
}

const clean = (s) => {
  if (/[\t\n\r]/.test(s)) throw new Error(`tab or newline in '${s}'`);
  return s;
};
const sorted = (m) => [...m.keys()].sort();

let world = 'iso3\tname\tpath\n';
for (const k of sorted(shapes)) {
  const d = encode(rings({ type: 'MultiPolygon', coordinates: shapes.get(k).polys }));
  if (d === '') throw new Error(`${k}: empty path`);
  world += `${k}\t${clean(shapes.get(k).name)}\t${d}\n`;
}
let pts = 'iso3\tname\tx\ty\n';
for (const k of sorted(points)) {
  const p = points.get(k);
  pts += `${k}\t${clean(p.name)}\t${num(p.x)}\t${num(p.y)}\n`;
}

fs.writeFileSync(path.join(here, 'world_110m.tsv'), world);
fs.writeFileSync(path.join(here, 'points_50m.tsv'), pts);
const missing = [...iso.values()].map((c) => c.iso3).filter((c) => !shapes.has(c) && !points.has(c) && !DROP.has(c));
const from10 = [...points].filter(([, p]) => p.from === 'countries-10m.json').map(([k]) => k);
console.log(`world_110m.tsv: ${shapes.size} shapes, ${Buffer.byteLength(world)} bytes`);
console.log(`points_50m.tsv: ${points.size} points (${from10.join(' ')} from countries-10m.json), ${Buffer.byteLength(pts)} bytes`);
console.log(`skipped (no ISO code): ${skipped.join(', ') || 'none'}`);
console.log(`ISO codes with neither: ${missing.sort().join(' ')}`);
