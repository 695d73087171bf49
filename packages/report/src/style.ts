/**
 * The colours a map of postatlas draws with, shared by the web app's MapLibre style, its
 * first-screen preview and plan layer, and the printed report's SVG map and charts: a technology
 * or a connection looks the same on screen and on paper. No imports, so the web bundle takes
 * this file alone (`import { TECHNOLOGY_COLOURS } from '@postatlas/report/style'`).
 *
 *     TECHNOLOGY_COLOURS.fiber;   // '#6a3d9a'
 *     MAP_COLOURS.land;           // '#f4f1ea'
 */

/** Base map and sites: at least 3:1 contrast against the land colour (WCAG 2.1 non-text contrast). */
export const MAP_COLOURS = {
  connected: '#1a7f37', notConnected: '#c62828', unknown: '#6b6f76', land: '#f4f1ea', water: '#cfe3ef', border: '#9a9a9a',
};

/**
 * A plan's sites by the technology the planner chose (its codes: fiber, cellular, microwave,
 * satellite; co-connected for a school connected through its post office). At least 3:1 against
 * the land, the water and white.
 */
export const TECHNOLOGY_COLOURS: Record<string, string> = {
  fiber: '#6a3d9a', cellular: '#0072b2', microwave: '#a6480f', satellite: '#b0006d', 'co-connected': '#4f5661',
};

/** The order technologies are listed and stacked in, everywhere. */
export const TECHNOLOGY_ORDER = ['fiber', 'cellular', 'microwave', 'satellite', 'co-connected'] as const;

/** Around a plan's site, so that neighbours of one colour stay apart. */
export const SITE_OUTLINE_COLOUR = '#ffffff';

/** A chart's own series where no technology is meant (the spend curve). */
export const ACCENT_COLOUR = '#0b5cad';
