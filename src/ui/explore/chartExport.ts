// What a linked chart draws outside its SVG (the parallel coordinates' lines live
// on a canvas), as SVG markup for the chart export (exporting.ts). A chart
// registers a function for its <svg data-export-chart>; the export calls it.
import type { FigureTheme } from './columnColor';

const extras = new WeakMap<Element, (theme: FigureTheme) => string>();

/** Registers `markup` for `svg`; returns the unregister function (for an effect's cleanup). */
export function registerChartExtra(svg: Element, markup: (theme: FigureTheme) => string): () => void {
  extras.set(svg, markup);
  return () => {
    if (extras.get(svg) === markup) extras.delete(svg);
  };
}

export function chartExtraMarkup(svg: Element, theme: FigureTheme): string {
  return extras.get(svg)?.(theme) ?? '';
}
