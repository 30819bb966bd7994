/**
 * The hostile-text fixture: valid ids, and markup, script end tags and
 * script URLs in every free text of the format (the system's name,
 * descriptions, regions, zones, query and scenario names). Where the diagram
 * shows each text is worked out here once, from the file and the core's
 * rules, for the webview's Chromium test and the e2e suite alike.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { singleZone } from '../../src/core/diagram/elkGraph';
import { shorten } from '../../src/core/diagram/metrics';

/** The fixture's file name and path. */
export const HOSTILE_TEXT_NAME = 'hostile-text.scale.json';
export const HOSTILE_TEXT_FILE = path.resolve(__dirname, '..', 'fixtures', 'webview', HOSTILE_TEXT_NAME);

interface HostileFile {
  name: string;
  components: Record<string, { description?: string; region?: string; zones?: string[]; queries?: { name: string }[] }>;
  scenarios: { name: string }[];
}

/** Where the diagram must show the fixture's texts, literally. */
export interface HostileTextPlaces {
  /** The toolbar's title. */
  title: string;
  /** Texts each component's tooltip holds: description, region, zones, and query names (quoted by findings). */
  tooltips: Map<string, string[]>;
  /** Titles of the region and zone boxes (shortened as the diagram shortens them). */
  groups: string[];
  /** Texts the list of findings not about one component quotes: scenario names. */
  fileFindings: string[];
}

/** The fixture's text. */
export function hostileText(): string {
  return readFileSync(HOSTILE_TEXT_FILE, 'utf8');
}

/** Where the texts of the fixture show, with `file` the name the panel gives the document. */
export function hostileTextPlaces(file = HOSTILE_TEXT_NAME): HostileTextPlaces {
  const doc = parseJsonc(hostileText()) as HostileFile;
  const tooltips = new Map<string, string[]>();
  const groups = new Set<string>();
  for (const [id, c] of Object.entries(doc.components)) {
    const texts = [c.description, c.region, ...(c.zones ?? []), ...(c.queries ?? []).map((q) => q.name)];
    tooltips.set(id, texts.filter((t): t is string => t !== undefined));
    if (c.region !== undefined) groups.add(shorten(`region ${c.region}`));
    const zone = singleZone(c.zones);
    if (zone !== undefined) groups.add(shorten(`zone ${zone}`));
  }
  return { title: `${doc.name} — ${file}`, tooltips, groups: [...groups], fileFindings: doc.scenarios.map((s) => s.name) };
}

/** What the drawing shows, as PAGE_READ_TEXTS reads it from its DOM. */
export interface HostileTextShown {
  title: string;
  /** [component id, tooltip] pairs. */
  tooltips: [string, string][];
  groups: string[];
  fileFindings: string[];
}

/** Page source: the drawing's texts (see HostileTextShown). */
export const PAGE_READ_TEXTS = `(() => {
  const text = (el) => (el ? el.textContent || '' : '');
  return {
    title: text(document.querySelector('.toolbar .title')),
    tooltips: [...document.querySelectorAll('g.node')].map((g) => [text(g.querySelector('.node-id')), text(g.querySelector(':scope > title'))]),
    groups: [...document.querySelectorAll('g.group .group-title')].map(text),
    fileFindings: [...document.querySelectorAll('.file-findings li')].map(text),
  };
})()`;

/** The places where the drawing lacks a text of the fixture (empty when every text shows literally). */
export function missingHostileText(shown: HostileTextShown, places: HostileTextPlaces): string[] {
  const missing: string[] = [];
  if (shown.title !== places.title) missing.push(`title ${JSON.stringify(shown.title)} is not ${JSON.stringify(places.title)}`);
  for (const [id, texts] of places.tooltips) {
    const tooltip = shown.tooltips.find(([node]) => node === id)?.[1] ?? '';
    for (const t of texts) if (!tooltip.includes(t)) missing.push(`${id}'s tooltip lacks ${JSON.stringify(t)}`);
  }
  for (const g of places.groups) if (!shown.groups.includes(g)) missing.push(`no box titled ${JSON.stringify(g)}`);
  for (const f of places.fileFindings) if (!shown.fileFindings.some((l) => l.includes(f))) missing.push(`no finding quotes ${JSON.stringify(f)}`);
  return missing;
}

/** Page source: counts what the page made that no diagram text may become (elements that load or link, handlers, script URLs). */
export const PAGE_COUNT_INJECTED = `(() => {
  const all = [...document.querySelectorAll('*')];
  return {
    embedded: document.querySelectorAll('img, image, foreignObject, iframe, object, embed, a').length,
    handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    scriptUrls: all.filter((e) => [...e.attributes].some((a) => /^\\s*(javascript|command):/i.test(a.value))).length,
    scriptsMentioning: [...document.scripts].filter((s) => /__pwned/.test(s.textContent || '')).length,
  };
})()`;
